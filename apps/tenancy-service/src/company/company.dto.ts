import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { checkCompanyName, checkEmail, checkHttpUrl, checkLanguageTag, checkTimezone, ENVIRONMENTS } from '@tenancy/domain';
import { Transform } from 'class-transformer';
import { Allow, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { COMPANY_SORT_FIELDS, type CompanySort } from '@tenancy/projections';
import { Clearable, KeptWhenLeftOut } from '../validation/clearable';
import { PageQuery } from '../http/page.query';
import { Satisfies } from '../validation/satisfies';

export class CreateCompanyDto {
  @ApiProperty({ example: 'Acme GmbH', description: '1 to 200 characters once trimmed' })
  @IsString() @MaxLength(400) @Satisfies(checkCompanyName)
  name: string;

  @ApiProperty({ enum: ENVIRONMENTS })
  @IsIn(ENVIRONMENTS)
  environment: string;

  @ApiPropertyOptional({ example: 'https://acme.example' })
  @IsOptional() @IsString() @Satisfies(checkHttpUrl)
  baseUrl?: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  @IsString() @Satisfies(checkTimezone)
  timezone: string;

  @ApiProperty({ example: 'de-DE' })
  @IsString() @Satisfies(checkLanguageTag)
  defaultLanguage: string;

  @ApiPropertyOptional({ example: 'ops@acme.example' })
  @IsOptional() @IsString() @Satisfies(checkEmail)
  contactEmail?: string;

  @ApiPropertyOptional({ example: 'olivia@acme.example', description: 'Invites the first owner in the same request' })
  @IsOptional() @IsString() @Satisfies(checkEmail)
  ownerEmail?: string;
}

/** A company of one's own: created as staff create one, with the caller as its owner. */
export class CreateOwnCompanyDto extends PickType(CreateCompanyDto, ['name', 'timezone', 'defaultLanguage'] as const) {
  @ApiPropertyOptional({ enum: ENVIRONMENTS, default: 'production' })
  @IsOptional() @IsIn(ENVIRONMENTS)
  environment?: string;
}

export class ChangeCompanyDetailsDto {
  @ApiPropertyOptional({ description: '1 to 200 characters once trimmed' })
  @KeptWhenLeftOut() @IsOptional() @IsString() @MaxLength(400) @Satisfies(checkCompanyName)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin' })
  @KeptWhenLeftOut() @IsOptional() @IsString() @Satisfies(checkTimezone)
  timezone?: string;

  @ApiPropertyOptional({ example: 'en' })
  @KeptWhenLeftOut() @IsOptional() @IsString() @Satisfies(checkLanguageTag)
  defaultLanguage?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null clears it' })
  @Clearable() @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Satisfies(checkEmail)
  contactEmail?: string | null;

  // Accepted only so the domain can say these are fixed at creation.
  @Allow() environment?: unknown;
  @Allow() baseUrl?: unknown;
}

export class DeleteCompanyDto {
  /**
   * Checked by the decider, after the company is found: a deleted company answers 404 whatever
   * was sent, and a confirmation left out is one that does not match (409).
   */
  @ApiPropertyOptional({ description: 'The current company name, to confirm; left out or another name: 409 company.delete.name_mismatch' })
  @IsOptional() @IsString()
  confirmName?: string;
}

export const COMPANY_SORTS: CompanySort[] = COMPANY_SORT_FIELDS.flatMap((field): CompanySort[] => [field, `-${field}`]);

export class ListCompaniesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ENVIRONMENTS })
  @IsOptional() @IsIn(ENVIRONMENTS)
  environment?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Part of the name, any case' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: COMPANY_SORTS, default: 'name', description: 'A field, descending with a leading `-`; `userCount` is the active users. Ties go by id.' })
  @IsOptional() @IsIn(COMPANY_SORTS)
  sort?: CompanySort;

}

export class PairingDto {
  @ApiProperty({ description: 'The API token handed out when the company was created or its token regenerated' })
  @IsString() @MaxLength(200)
  apiToken: string;
}
