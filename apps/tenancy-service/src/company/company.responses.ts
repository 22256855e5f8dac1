import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ENVIRONMENTS, ROLES } from '@tenancy/domain';
import { ErasedFields, UnreadableFields } from '../openapi/null-reasons';

/*
 * What company routes answer, for the OpenAPI document (company.queries.ts builds them).
 * Timestamps are ISO 8601 UTC; `revision` is the company's stream revision, its ETag.
 */

export class CompanyDetail {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ENVIRONMENTS }) environment: string;
  @ApiProperty({ type: String, nullable: true }) baseUrl: string | null;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone: string;
  @ApiProperty({ example: 'de-DE' }) defaultLanguage: string;
  @ApiProperty({ type: String, nullable: true }) contactEmail: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'The recognisable, non-secret start of the current API token' }) apiTokenPrefix: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Active members' }) userCount: number;
  @ApiProperty({ type: String, nullable: true }) ownerUserId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'Time of the newest event on the company' }) lastActivityAt: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) revision: number;
  @ErasedFields('contactEmail') erased?: string[];
  @UnreadableFields('contactEmail') unreadable?: string[];
}

/** A company with its API token: the raw value is in this response only. */
export class CompanyWithToken extends CompanyDetail {
  @ApiProperty({ description: 'Shown once; store it now' }) apiToken: string;
}

export class OwnerInvitation {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class CreatedCompany extends CompanyWithToken {
  @ApiPropertyOptional({ type: OwnerInvitation, description: 'With `ownerEmail`: the first owner\'s invitation' })
  ownerInvitation?: OwnerInvitation;
}

export class CompanyListItem extends PickType(CompanyDetail, ['id', 'name', 'environment', 'userCount', 'active', 'createdAt', 'lastActivityAt'] as const) {}

export class CompanyPage {
  @ApiProperty({ type: [CompanyListItem] }) items: CompanyListItem[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

/** What a device learns when it pairs. */
export class PairedCompany extends PickType(CompanyDetail, ['name', 'environment', 'baseUrl'] as const) {
  @ApiProperty({ format: 'uuid' }) companyId: string;
}
