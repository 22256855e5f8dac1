import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { PageQuery } from '../http/page.query';
import { checkHttpUrl, COMPANY_EVENT_TYPES } from '@tenancy/domain';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import { Clearable, KeptWhenLeftOut } from '../validation/clearable';
import { Satisfies } from '../validation/satisfies';
import { DELIVERY_STATUSES, type DeliveryStatus } from '@tenancy/read-store';

/**
 * Types no endpoint can ever receive: recorded before any endpoint can exist (the company's
 * creation and first token), or when its endpoints go with it (the deletion, whose last reads of the
 * stream the tombstone ends). Selecting one would be a subscription that never fires.
 */
const NEVER_DELIVERED = new Set(['CompanyCreated', 'ApiTokenIssued', 'CompanyDeleted']);

/** The event types an endpoint may select: every type recorded on a company's stream that an endpoint can receive. */
export const WEBHOOK_SELECTABLE_TYPES: readonly string[] = COMPANY_EVENT_TYPES.filter((type) => !NEVER_DELIVERED.has(type));

/** null, or 1 to 50 distinct event types a company records (the schema below says the same). */
const EventTypes = () => ValidateBy({
  name: 'webhookEventTypes',
  validator: {
    validate: (value: unknown) => eventTypesProblem(value) === null,
    defaultMessage: (args) => eventTypesProblem(args?.value) ?? '',
  },
});

/** What is wrong with an `eventTypes` value, naming the entry at fault; null when nothing is. */
function eventTypesProblem(value: unknown): string | null {
  const known = `${WEBHOOK_SELECTABLE_TYPES.slice(0, 3).join(', ')}, ... (GET /docs-json lists them all)`;
  if (value === null) return null;
  if (!Array.isArray(value) || value.length < 1 || value.length > 50) return `must be null or a list of 1 to 50 distinct event types of a company (${known})`;
  for (const [index, type] of value.entries()) {
    if (typeof type === 'string' && NEVER_DELIVERED.has(type)) return `entry ${index} (${type}) is never sent to an endpoint (docs/webhooks.md): leave it out`;
    if (typeof type !== 'string' || !WEBHOOK_SELECTABLE_TYPES.includes(type)) return `entry ${index} (${JSON.stringify(type)}) is not an event type of a company (${known})`;
    if (value.indexOf(type) !== index) return `entry ${index} (${type}) is listed twice: each type once`;
  }
  return null;
}

const EVENT_TYPES = {
  type: String, isArray: true, enum: [...WEBHOOK_SELECTABLE_TYPES], nullable: true, minItems: 1, maxItems: 50, uniqueItems: true,
  description: 'The event types to deliver; null or left out: all of them',
} as ApiPropertyOptions;

/** Which events an endpoint receives (null or left out: all), as adding and changing one take it. */
const EventTypesField = () => applyDecorators(ApiPropertyOptional(EVENT_TYPES), Clearable(), IsOptional(), EventTypes());
/** An endpoint's free-text description; null clears it. */
const DescriptionField = () => applyDecorators(
  ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 }),
  Clearable(), IsOptional(), ValidateIf((_, v) => v !== null), IsString(), MaxLength(500),
);

export class AddWebhookDto {
  @ApiProperty({ example: 'https://hooks.acme.example/tenancy', description: 'https (http only outside production); no credentials, no fragment' })
  @IsString() @MaxLength(2048) @Satisfies(checkHttpUrl)
  url: string;

  @EventTypesField()
  eventTypes?: string[] | null;

  @DescriptionField()
  description?: string | null;
}

/** Only the fields given change. */
export class ChangeWebhookDto {
  @ApiPropertyOptional({ description: 'https (http only outside production); no credentials, no fragment' })
  @KeptWhenLeftOut() @IsOptional() @IsString() @MaxLength(2048) @Satisfies(checkHttpUrl)
  url?: string;

  @EventTypesField()
  eventTypes?: string[] | null;

  @DescriptionField()
  description?: string | null;

  @ApiPropertyOptional({ description: 'false stops delivery (messages still pending are cancelled); true resumes it with the events that follow, also after it was disabled for failing' })
  @KeptWhenLeftOut() @IsOptional() @IsBoolean()
  enabled?: boolean;
}

export class DeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: 'cancelled: its endpoint was removed or disabled before it went; never sent' })
  @IsOptional() @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}
