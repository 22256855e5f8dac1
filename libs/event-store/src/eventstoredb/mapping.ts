import { jsonEvent, type EventData, type Position } from '@eventstore/db-client';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { toGlobalPosition } from './positions';

/** The fields of the client's recorded event this adapter reads. */
export interface ClientRecordedEvent {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** EventStoreDB stores event ids as UUIDs and rejects anything else. */
export function toEventData(event: NewEvent): EventData {
  if (!UUID.test(event.id)) throw new TypeError(`EventStoreDB event ids must be UUIDs; got "${event.id}" for ${event.type}`);
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata });
}

export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    revision: event.revision,
    position: toGlobalPosition(event.position),
    data: toJsonObject(event.data),
    metadata: toJsonObject(event.metadata),
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/**
 * The port's `data`/`metadata` are JSON objects. This adapter only writes JSON objects, but
 * other writers may have stored bytes, strings or arrays: bytes and strings holding a JSON
 * object are parsed, missing values become `{}`, and anything else is kept under `value`.
 */
export function toJsonObject(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (isPlainObject(value)) return value;
  if (value instanceof Uint8Array) {
    if (value.length === 0) return {};
    const text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
    const parsed = tryParse(text);
    return isPlainObject(parsed) ? parsed : { value: Buffer.from(value).toString('base64') };
  }
  if (typeof value === 'string') {
    const parsed = tryParse(value);
    return isPlainObject(parsed) ? parsed : { value };
  }
  return { value };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Keep-alive pings make a dead connection fail its calls and subscriptions instead of hanging. */
export const KEEP_ALIVE_DEFAULTS = { keepAliveInterval: 10_000, keepAliveTimeout: 10_000 } as const;

/** Adds the keep-alive settings to an `esdb://` connection string unless it sets them already. */
export function withKeepAlive(connectionString: string): string {
  const trimmed = connectionString.trim().replace(/\/+$/, '');
  const query = trimmed.includes('?') ? trimmed.slice(trimmed.indexOf('?') + 1) : '';
  // The client matches option names case-insensitively, ignoring `-` and `_`.
  const present = new Set(query.split('&').filter(Boolean)
    .map((pair) => pair.split('=')[0].trim().toLowerCase().replace(/[_-]/g, '')));
  const missing = Object.entries(KEEP_ALIVE_DEFAULTS)
    .filter(([key]) => !present.has(key.toLowerCase()))
    .map(([key, value]) => `${key}=${value}`);
  if (missing.length === 0) return trimmed;
  const separator = !trimmed.includes('?') ? '?' : trimmed.endsWith('?') || trimmed.endsWith('&') ? '' : '&';
  return `${trimmed}${separator}${missing.join('&')}`;
}
