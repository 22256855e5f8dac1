import { ApiProperty } from '@nestjs/swagger';
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
