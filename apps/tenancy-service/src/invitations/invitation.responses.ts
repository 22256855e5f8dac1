import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@tenancy/domain';
import { Member } from '../members/member.responses';
import { ErasedFields } from '../openapi/null-reasons';

/** An invitation as invitation routes answer (invitation.queries.ts builds it). */
export class Invitation {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null once the invitee was erased' }) email: string | null;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ enum: ['sent', 'accepted', 'declined', 'expired', 'cancelled'], description: 'Past its expiry a sent one reads as expired' })
  status: string;
  @ApiProperty({ format: 'date-time', description: 'When it was last sent (a resend moves it)' }) sentAt: string;
  @ApiProperty({ description: 'The user id of whoever sent it last, at sentAt (a resend names its sender)' }) sentBy: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ description: 'The user id of whoever sent it first (a resend keeps it)' }) invitedBy: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was accepted or declined' }) answeredAt: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The company\'s revision when this was read or changed: the ETag, to send as If-Match' })
  revision: number;
  @ErasedFields() erased?: string[];
}

export class InvitationPage {
  @ApiProperty({ type: [Invitation] }) items: Invitation[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

/** The invitee joined: their membership, and the company it is in. */
export class JoinedCompany extends Member {
  @ApiProperty({ format: 'uuid' }) companyId: string;
}

export class DeclinedInvitation extends Invitation {
  @ApiProperty({ format: 'uuid' }) companyId: string;
}
