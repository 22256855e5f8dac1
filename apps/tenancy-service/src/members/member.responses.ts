import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '@tenancy/domain';
import { ErasedFields, UnreadableFields } from '../openapi/null-reasons';

/** A member as member routes answer (member.queries.ts builds it). */
export class Member {
  @ApiProperty({ description: 'The identity provider subject (JWT sub)' }) userId: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the identity provider gave none, or the person was erased' }) email: string | null;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ enum: ['active', 'deactivated'] }) status: string;
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt: string | null;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
  @ApiPropertyOptional({
    type: 'integer', minimum: 0,
    description: 'The company\'s revision when this was read or changed: the ETag, to send as If-Match. Not in a list as of a past time '
      + '(`asOf`: no revision to change from)',
  })
  revision?: number;
  @ErasedFields() erased?: string[];
  @UnreadableFields() unreadable?: string[];
}

export class MemberPage {
  @ApiProperty({ type: [Member] }) items: Member[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

export class OwnershipTransferred {
  @ApiProperty({ type: Member, description: 'The new owner' }) owner: Member;
}

/** A request the identity system carries out (password reset): nothing to show but the revision. */
export class Accepted {}
