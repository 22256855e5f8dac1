import type { RecordedEvent } from './event-store.port';

/**
 * A recorded event as the typed event it was decided as: `{type, data, schemaVersion}`. The one
 * cast between the store's untyped data and a reader's typed union; read through the upcasting
 * store (upcasting-event-store.ts), so the data has the current shape of its type.
 */
export const eventOf = <E extends { type: string; data: unknown; schemaVersion: number }>(recorded: RecordedEvent): E =>
  ({ type: recorded.type, data: recorded.data, schemaVersion: recorded.metadata.schemaVersion }) as unknown as E;

/** When the event was recorded (its metadata's `occurredAt`). */
export const occurredAt = (recorded: RecordedEvent): string => recorded.metadata.occurredAt as string;
