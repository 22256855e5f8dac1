import type { CheckpointStore } from '../checkpoints';
import type { ListCursors, CursorScope } from '../cursor';
import { InvalidCursor } from '../read-store.port';

/**
 * pending: owed, tried in turn; delivered: a 2xx came; failed: given up after the schedule (a
 * retry may send it again); cancelled: its endpoint was removed or disabled before it went, so it
 * is never sent (kept for the record, final).
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One request to an endpoint and what came of it. */
export interface DeliveryAttempt {
  at: string;
  /** null when no response came (refused address, timeout, connection error). */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** One message owed to one endpoint. Bodies are ids only (libs/messaging), never personal data or secrets. */
export interface WebhookDelivery {
  deliveryId: string;
  webhookId: string;
  companyId: string;
  /** The `webhook-id` header: the event's id, the same on every attempt. */
  messageId: string;
  eventType: string;
  /** Order within the endpoint: the event's global position, zero-padded so it sorts as text. */
  sequence: string;
  body: string;
  status: DeliveryStatus;
  /** When the next attempt is due (pending only). */
  nextAttemptAt: string;
  createdAt: string;
  attempts: DeliveryAttempt[];
}

export type NewDelivery = Omit<WebhookDelivery, 'status' | 'attempts'>;

/** What follows an attempt: delivered, failed for good, or pending again at `nextAttemptAt`. */
export interface AttemptOutcome {
  status: DeliveryStatus;
  nextAttemptAt: string;
}

/** An attempt to record, with what follows it. */
export interface RecordedAttempt {
  deliveryId: string;
  /** The delivery's endpoint, as read with it: an attempt whose delivery is not this endpoint's is not recorded. */
  webhookId: string;
  attempt: DeliveryAttempt;
  outcome: AttemptOutcome;
}

export interface DeliveryPage {
  items: WebhookDelivery[];
  nextCursor: string | null;
}

/**
 * The deliveries webhook delivery owes, in order per endpoint, with every attempt; and the
 * checkpoint of the subscription that schedules them, so scheduling and sending survive restarts.
 */
export interface WebhookDeliveryStore extends CheckpointStore {
  /**
   * Schedules deliveries; one already scheduled (same id) is left as it is, so a batch seen twice adds nothing.
   * Writes that take an `epoch` (the lease's fencing token) are refused with StaleEpoch once a newer epoch has written.
   */
  enqueue(deliveries: NewDelivery[], epoch?: number): Promise<void>;
  /** Endpoints with a pending delivery. */
  endpointsWithPending(): Promise<string[]>;
  /**
   * The endpoint's oldest pending deliveries, oldest first, at most `limit`: only the first may be
   * sent (one in flight per endpoint); the rest spare reading the queue again for each message.
   */
  nextPending(webhookId: string, limit: number): Promise<WebhookDelivery[]>;
  get(deliveryId: string): Promise<WebhookDelivery | null>;
  /**
   * Records attempts, in the order given, and what follows each, together (one transaction
   * where the store has them). An attempt on a cancelled delivery is kept but leaves it cancelled.
   * Answers, per endpoint attempted, since when it has been failing: null after a success, else
   * the time of its first failure since the last success.
   */
  recordAttempts(attempts: RecordedAttempt[], epoch?: number): Promise<Map<string, string | null>>;
  /**
   * Cancels the endpoint's pending deliveries of events before `sequence` (the event that removed
   * or disabled it): they are never sent. Later ones (after it was enabled again) are left alone,
   * so sweeping again is harmless. Answers how many it cancelled.
   */
  cancelPending(webhookId: string, before: string, epoch?: number): Promise<number>;
  /** An endpoint's deliveries, newest first, optionally of one status. */
  list(webhookId: string, query: { status?: DeliveryStatus; limit: number; cursor?: string }): Promise<DeliveryPage>;
}

/** The order key of a global position. */
export const sequenceOf = (position: bigint): string => position.toString().padStart(20, '0');

/** Which deliveries a page lists: one endpoint's, of one status or of all. */
export interface DeliveryList { webhookId: string; status?: DeliveryStatus }

/** A deliveries list as a cursor's scope: newest sequence first, cut to the endpoint and the status. */
const deliveriesScope = ({ webhookId, status }: DeliveryList): CursorScope =>
  ({ sort: { field: 'sequence', descending: true, kind: 'string' }, filter: status ? { webhookId, status } : { webhookId } });

/** A page boundary is the last sequence handed out, signed for its list (ListCursors). */
export const encodeSequence = (cursors: ListCursors, list: DeliveryList, sequence: string) =>
  cursors.encode({ value: sequence, id: list.webhookId }, deliveriesScope(list));

export function decodeSequence(cursors: ListCursors, list: DeliveryList, cursor: string): string {
  const { value } = cursors.decode(cursor, deliveriesScope(list));
  if (typeof value !== 'string' || !/^\d{20}$/.test(value)) throw new InvalidCursor();
  return value;
}

/** Whether a status code is a success: 2xx moves on. */
export const succeeded = (statusCode: number | null) => statusCode !== null && statusCode >= 200 && statusCode < 300;

/**
 * Each endpoint's failing spell after `attempts` (in order), from the spell it was in before
 * (`failingBefore`: null when its last attempt succeeded or it has none): a success ends the
 * spell, a failure starts one unless one is under way.
 */
export function failingSpells(
  attempts: { webhookId: string; attempt: DeliveryAttempt }[], failingBefore: (webhookId: string) => string | null,
): Map<string, string | null> {
  const spells = new Map<string, string | null>();
  for (const { webhookId, attempt } of attempts) {
    const before = spells.has(webhookId) ? spells.get(webhookId)! : failingBefore(webhookId);
    spells.set(webhookId, succeeded(attempt.statusCode) ? null : before ?? attempt.at);
  }
  return spells;
}
