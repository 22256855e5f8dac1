import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '@tenancy/domain';

/** A company the caller is an active member of, with their role there. */
export class MyCompany {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
}

export class MyCompanies {
  @ApiProperty({ type: [MyCompany] }) items: MyCompany[];
}

/** The caller as the service reads their token: the console shows what the service decided, not its own reading. */
export class Me {
  @ApiProperty({ description: 'The token\'s `sub`' }) userId: string;
  @ApiProperty({ description: 'Platform staff, by AUTH_STAFF_CLAIM and AUTH_STAFF_VALUE' }) staff: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The email claim (AUTH_EMAIL_CLAIM), null when the token has none' }) email: string | null;
  @ApiPropertyOptional({ description: 'The token\'s `email_verified`, when it has one; false means invitations cannot be answered' })
  emailVerified?: boolean;
}
