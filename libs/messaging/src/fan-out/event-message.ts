import type { RecordedEvent } from '@tenancy/event-store';

/** The topic every company event is published to. */
export const TENANCY_EVENTS_TOPIC = 'tenancy.events';

const COMPANY_STREAM_PREFIX = 'company-';

/**
 * The only data keys that leave the service: ids and non-personal enums. Anything else
 * (names, emails, token hashes, secret ciphertexts, settings, actor ids) stays home;
 * consumers read details over HTTP. A new key is published only once it is added here.
 */
export const PUBLISHED_DATA_KEYS: readonly string[] = [
  // ids
  'companyId', 'userId', 'invitationId', 'toUserId', 'fromUserId', 'webhookId',
  // non-personal enums and counters
  'role', 'fromRole', 'toRole', 'previousStatus', 'version', 'environment',
];

const published = new Set(PUBLISHED_DATA_KEYS);

/** Header names, as consumers read them. */
export const HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  streamRevision: 'stream-revision',
  /** W3C trace context of the command that recorded the event, so a consumer's span joins its trace. */
  traceparent: 'traceparent',
} as const;

/** What a consumer finds in a message value (JSON). */
export interface PublishedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  companyId: string;
  occurredAt: string | null;
  /** 0-based revision in the company's stream: strictly increasing per key, so duplicates are easy to drop. */
  revision: number;
  data: Record<string, string | number | boolean | null>;
}

/** A message ready for the producer; `value: null` is a tombstone. */
export interface OutgoingMessage {
  key: string;
  value: string | null;
  headers: Record<string, string>;
}

/** The company a stream belongs to, or null for streams that are not published (users, ...). */
export function companyIdOfStream(streamName: string): string | null {
  if (!streamName.startsWith(COMPANY_STREAM_PREFIX)) return null;
  const id = streamName.slice(COMPANY_STREAM_PREFIX.length);
  return id.length > 0 ? id : null;
}

/** The event's data reduced to the allowlist; only scalar values pass, so nothing nested slips through. */
export function publishedData(data: Record<string, unknown>): PublishedEvent['data'] {
  const out: PublishedEvent['data'] = {};
  for (const [key, value] of Object.entries(data)) {
    if (!published.has(key)) continue;
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

export function toPublishedEvent(event: RecordedEvent, companyId: string): PublishedEvent {
  const metadata = event.metadata ?? {};
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: schemaVersionOf(event),
    companyId,
    occurredAt: typeof metadata.occurredAt === 'string' ? metadata.occurredAt : null,
    revision: Number(event.revision),
    data: publishedData(event.data ?? {}),
  };
}

/**
 * The messages one stored event becomes: none for streams outside companies; one for a
 * company event; and, after `CompanyDeleted`, a tombstone (null value) with the same key,
 * so a compacted copy of the topic forgets the company.
 */
export function toKafkaMessages(event: RecordedEvent): OutgoingMessage[] {
  const companyId = companyIdOfStream(event.streamName);
  if (companyId === null) return [];
  const revision = String(event.revision);
  const headers: Record<string, string> = {
    [HEADERS.eventId]: event.id,
    [HEADERS.eventType]: event.type,
    [HEADERS.schemaVersion]: String(schemaVersionOf(event)),
    [HEADERS.streamRevision]: revision,
  };
  const correlationId = event.metadata?.correlationId;
  if (typeof correlationId === 'string') headers[HEADERS.correlationId] = correlationId;
  const traceparent = event.metadata?.traceparent;
  if (typeof traceparent === 'string') headers[HEADERS.traceparent] = traceparent;
  const message: OutgoingMessage = { key: companyId, value: JSON.stringify(toPublishedEvent(event, companyId)), headers };
  if (!isTombstoneTrigger(event)) return [message];
  // The tombstone names the revision of the deletion it follows and carries nothing else.
  return [message, { key: companyId, value: null, headers: { [HEADERS.streamRevision]: revision } }];
}

/** The event after which a company's key is tombstoned. */
export const isTombstoneTrigger = (event: Pick<RecordedEvent, 'type'>): boolean => event.type === 'CompanyDeleted';

function schemaVersionOf(event: RecordedEvent): number {
  const version = event.metadata?.schemaVersion;
  return typeof version === 'number' ? version : 1;
}
