import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '@tenancy/domain';
import { MEMBERSHIP_STATUSES } from '@tenancy/projections';

/** A company the caller is a member of, with their role and their membership's status there. */
export class MyCompany {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Whether the company is active (staff activate it), not the membership' }) active: boolean;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ enum: MEMBERSHIP_STATUSES, description: 'The membership: `deactivated` gives no access to the company, but holds one of the 30 places' })
  status: string;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
}

export class MyCompanies {
  @ApiProperty({
    type: [MyCompany],
    description: 'Every one, unpaged (at most 30, the membership limit; no `nextCursor`), sorted by name with case and accents not separating names',
  }) items: MyCompany[];
}

/** An invitation open to the caller: sent to their token's email, not yet answered, cancelled or expired. */
export class MyInvitation {
  @ApiProperty({ description: 'Answer it at /v1/invitations/{id}/accept or /decline' }) id: string;
  @ApiProperty({ format: 'uuid' }) companyId: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ enum: ROLES, description: 'The role accepting it gives' }) role: string;
  @ApiProperty({ format: 'date-time', description: 'When it was last sent (a resend moves it)' }) sentAt: string;
  @ApiProperty({ description: 'The user id of whoever sent it last, at sentAt (a resend names its sender)' }) sentBy: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ description: 'The user id of whoever sent it first (a resend keeps it)' }) invitedBy: string;
}

export class MyInvitationPage {
  @ApiProperty({ type: [MyInvitation], description: 'Soonest expiry first' }) items: MyInvitation[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

/** The caller as the service reads their token: the console shows what the service decided, not its own reading. */
export class Me {
  @ApiProperty({ description: 'The token\'s `sub`' }) userId: string;
  @ApiProperty({ description: 'Platform staff, by AUTH_STAFF_CLAIM and AUTH_STAFF_VALUE' }) staff: boolean;
  @ApiProperty({
    type: String, nullable: true,
    description: 'The email the service uses: the claim (AUTH_EMAIL_CLAIM) trimmed and lower-cased; null when the token has none, or one that is no address (docs/identity.md)',
  })
  email: string | null;
  @ApiPropertyOptional({ description: 'The token\'s `email_verified`, when it has one: true for `true` or `"true"`, false for any other value; false means invitations cannot be answered' })
  emailVerified?: boolean;
}
