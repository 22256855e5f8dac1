import type { CheckpointStore } from '../checkpoints';
import { InvalidCursor } from '../read-store.port';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

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

export interface DeliveryPage {
  items: WebhookDelivery[];
  nextCursor: string | null;
}

/**
 * The deliveries webhook delivery owes, in order per endpoint, with every attempt; and the
 * checkpoint of the subscription that schedules them, so scheduling and sending survive restarts.
 */
export interface WebhookDeliveryStore extends CheckpointStore {
  /** Schedules deliveries; one already scheduled (same id) is left as it is, so a batch seen twice adds nothing. */
  enqueue(deliveries: NewDelivery[]): Promise<void>;
  /** Endpoints with a pending delivery. */
  endpointsWithPending(): Promise<string[]>;
  /** The endpoint's oldest pending delivery: the only one that may be sent (one in flight per endpoint). */
  head(webhookId: string): Promise<WebhookDelivery | null>;
  get(deliveryId: string): Promise<WebhookDelivery | null>;
  /**
   * Records an attempt and what follows. Answers since when the endpoint has been failing: null
   * after a success, else the time of its first failure since the last success.
   */
  recordAttempt(deliveryId: string, attempt: DeliveryAttempt, outcome: AttemptOutcome): Promise<string | null>;
  /** An endpoint's deliveries, newest first, optionally of one status. */
  list(webhookId: string, query: { status?: DeliveryStatus; limit: number; cursor?: string }): Promise<DeliveryPage>;
}

/** The order key of a global position. */
export const sequenceOf = (position: bigint): string => position.toString().padStart(20, '0');

/** A page boundary is the last sequence handed out; opaque to clients. */
export const encodeSequence = (sequence: string) => Buffer.from(sequence).toString('base64url');

export function decodeSequence(cursor: string): string {
  const sequence = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{20}$/.test(sequence)) throw new InvalidCursor();
  return sequence;
}

/** Whether a status code is a success: 2xx moves on. */
export const succeeded = (statusCode: number | null) => statusCode !== null && statusCode >= 200 && statusCode < 300;
