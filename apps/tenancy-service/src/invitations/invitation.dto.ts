import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { checkEmail, ROLES } from '@tenancy/domain';
import { LISTED_INVITATION_STATUSES, type ListedInvitationStatus } from '@tenancy/projections';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { PageQuery } from '../http/page.query';
import { Satisfies } from '../validation/satisfies';

export class InviteDto {
  @ApiProperty({ example: 'nina@acme.example', description: 'The invitee must sign in with this address (any case)' })
  @IsString() @Satisfies(checkEmail)
  email: string;

  @ApiProperty({ enum: ROLES, description: 'owner: staff only, and only while the company has no owner' })
  @IsIn(ROLES)
  role: string;
}

export class ListInvitationsQuery extends PageQuery {
  @ApiPropertyOptional({
    type: [String], enum: LISTED_INVITATION_STATUSES, default: ['sent'],
    description: 'Repeat for several. `sent` is pending, `expired` sent and past its expiry now. Pending alone by default.',
  })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? [value] : value)) @IsIn(LISTED_INVITATION_STATUSES, { each: true })
  status?: ListedInvitationStatus[];
}
