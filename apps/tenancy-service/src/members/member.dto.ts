import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { checkEmail, ROLES } from '@tenancy/domain';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { AsOf } from '../audit/audit.dto';
import { PageQuery } from '../http/page.query';
import { Satisfies } from '../validation/satisfies';


/** Staff put an existing user (by their identity-provider subject) straight into a company. */
export class LinkUserDto {
  @ApiProperty({ description: 'The identity provider subject (JWT sub)' })
  @IsString() @MinLength(1) @MaxLength(200)
  userId: string;

  @ApiProperty({ example: 'emma@acme.example' })
  @IsString() @Satisfies(checkEmail)
  email: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES, description: 'owner moves only through an ownership transfer' })
  @IsIn(ROLES)
  role: string;
}

export class MfaDto {
  @ApiProperty()
  @IsBoolean()
  enabled: boolean;
}

export class TransferOwnershipDto {
  @ApiProperty({ description: 'An active member who becomes the owner; the current owner stays on as admin' })
  @IsString() @MinLength(1) @MaxLength(200)
  toUserId: string;
}

/** The members list; with `asOf`, the members as they were then. */
export class MemberListQuery extends PageQuery {
  @AsOf()
  asOf?: string;
}
