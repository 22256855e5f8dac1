import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { AUDITED_EVENT_TYPES } from '@tenancy/projections';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsInstant, NotBefore } from '../validation/instant';
import { WholeNumberQuery } from '../validation/whole-number';

const INSTANT = { format: 'date-time', description: 'An RFC 3339 instant, e.g. 2026-11-22T10:00:00Z' };
/** The bounds of `occurredAt` a list or an export takes, both inclusive. */
const OccurredFrom = () => applyDecorators(
  ApiPropertyOptional({ ...INSTANT, description: 'Events that occurred at or after this instant (RFC 3339)' }), IsInstant());
const OccurredTo = () => applyDecorators(
  ApiPropertyOptional({ ...INSTANT, description: 'Events that occurred at or before this instant (RFC 3339); not before `from`' }),
  IsInstant(), NotBefore('from'));

/** Paging of histories: longer pages than other lists, since auditors read them whole. */
export class HistoryPageQuery {
  @IsOptional() @WholeNumberQuery(1, 500, 100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;
}

export class AuditEventsQuery extends HistoryPageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  companyId?: string;

  @ApiPropertyOptional({ description: 'The acting user\'s id' })
  @IsOptional() @IsString() @MinLength(1, { message: 'must not be empty: leave it out to list every actor' }) @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ type: [String], enum: AUDITED_EVENT_TYPES, description: 'Repeat for several types' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? [value] : value)) @IsIn(AUDITED_EVENT_TYPES, { each: true })
  type?: string[];

  @OccurredFrom()
  from?: string;

  @OccurredTo()
  to?: string;
}

/** `asOf`: a past instant to read state at (as it was then, folded from the events); without it, now. */
export const AsOf = () => applyDecorators(
  ApiPropertyOptional({ ...INSTANT, description: 'Read the state as it was at this RFC 3339 instant, not in the future; now when left out' }),
  IsInstant(),
);

export class AsOfQuery {
  @AsOf()
  asOf?: string;
}

export class ExportQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'One company\'s events; every company\'s when left out' })
  @IsOptional() @IsUUID()
  companyId?: string;

  @OccurredFrom()
  from?: string;

  @OccurredTo()
  to?: string;
}
