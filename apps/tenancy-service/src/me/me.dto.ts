import { ApiPropertyOptional } from '@nestjs/swagger';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from '@tenancy/projections';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';

/** Which memberships `GET /v1/me/companies` lists. */
export class MyCompaniesQuery {
  @ApiPropertyOptional({
    type: [String], enum: MEMBERSHIP_STATUSES, default: ['active'],
    description: 'Repeat for several. Active memberships alone by default; `deactivated` ones give no access but count toward the 30-company limit until left (`DELETE /v1/companies/{id}/members/{userId}` with their own user id).',
  })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? [value] : value)) @IsIn(MEMBERSHIP_STATUSES, { each: true })
  status?: MembershipStatus[];
}
