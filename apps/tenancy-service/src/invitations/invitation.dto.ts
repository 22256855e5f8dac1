import { ApiProperty } from '@nestjs/swagger';
import { checkEmail, ROLES } from '@tenancy/domain';
import { IsIn, IsString } from 'class-validator';
import { Satisfies } from '../validation/satisfies';

export class InviteDto {
  @ApiProperty({ example: 'nina@acme.example', description: 'The invitee must sign in with this address (any case)' })
  @IsString() @Satisfies(checkEmail)
  email: string;

  @ApiProperty({ enum: ROLES, description: 'owner: staff only, and only while the company has no owner' })
  @IsIn(ROLES)
  role: string;
}
