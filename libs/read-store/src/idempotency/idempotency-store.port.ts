/**
 * Remembers the outcome of a command by its idempotency key (HTTP `Idempotency-Key`,
 * Kafka `commandId`), so a repeat returns the first outcome and appends nothing.
 */
export interface RecordedOutcome {
  /** Hash of the request that produced it: the same key with another request is refused. */
  requestHash: string;
  status: number;
  headers: Record<string, string>;
  /** The response body, encrypted: it may hold a one-time secret. */
  sealedBody: string;
}

/**
 * Time comes from the caller (its injected clock), never from the store: an outcome is live
 * while `now < expiresAt`, for `find` and `save` alike.
 */
export interface IdempotencyStore {
  find(key: string, now: Date): Promise<RecordedOutcome | null>;
  /**
   * Keeps the first live outcome saved under a key; later saves of the same key change nothing
   * until it has expired at `now`.
   */
  save(key: string, outcome: RecordedOutcome, times: { now: Date; expiresAt: Date }): Promise<void>;
}
