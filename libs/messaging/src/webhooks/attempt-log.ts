import type { RecordedAttempt, WebhookDeliveryStore } from '@tenancy/read-store';

/** An attempt made, with the endpoint and company it was for. */
export type MadeAttempt = RecordedAttempt & { companyId: string };

export interface AttemptLogOptions {
  /** Written together once this many are waiting. */
  maxWaiting?: number;
  /** An attempt waits at most about this long to be written. */
  maxDelayMs?: number;
  /** Runs `work` after `ms`; answers how to cancel it. */
  timer(work: () => void, ms: number): () => void;
  /** What the store answered for each endpoint written: its failing spell (null after a success). */
  written(failing: Map<string, { companyId: string; failingSince: string | null }>): Promise<void>;
}

/**
 * The attempts delivery has made and not yet written, written together: one store write (one
 * transaction in SQLite, one bulk write in MongoDB) for many messages of many endpoints, instead
 * of one per message (docs/adr/0010-webhook-delivery-throughput.md).
 *
 * Whoever reads the queue writes the log first (`flush`), so the store never offers again a
 * message whose attempt is waiting here. A crash loses only the waiting attempts (at most
 * `maxWaiting`, at most `maxDelayMs` old): those messages are sent again, in order and with the
 * same `webhook-id`, as after a crash mid-request. A write that fails keeps them for the next one.
 */
export class AttemptLog {
  private waiting: MadeAttempt[] = [];
  private writing: Promise<void> | undefined;
  private cancelDeadline: (() => void) | undefined;

  constructor(private readonly store: Pick<WebhookDeliveryStore, 'recordAttempts'>, private readonly options: AttemptLogOptions) {}

  /** Notes an attempt; writes the log when it is full (so a sender waits for the store at most then). */
  async add(attempt: MadeAttempt): Promise<void> {
    this.waiting.push(attempt);
    if (this.waiting.length >= (this.options.maxWaiting ?? 64)) { await this.flush(); return; }
    this.cancelDeadline ??= this.options.timer(() => { this.cancelDeadline = undefined; this.flush().catch(() => undefined); }, this.options.maxDelayMs ?? 50);
  }

  /** Writes every attempt noted before the call; one write at a time, in the order they were made. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing.catch(() => undefined);
    if (this.waiting.length === 0) return;
    this.cancelDeadline?.();
    this.cancelDeadline = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.writing = this.write(batch).finally(() => { this.writing = undefined; });
    await this.writing;
  }

  private async write(batch: MadeAttempt[]): Promise<void> {
    let spells: Map<string, string | null>;
    try {
      spells = await this.store.recordAttempts(batch.map(({ deliveryId, webhookId, attempt, outcome }) => ({ deliveryId, webhookId, attempt, outcome })));
    } catch (error) {
      this.waiting = [...batch, ...this.waiting];
      throw error;
    }
    const companyOf = new Map(batch.map((a) => [a.webhookId, a.companyId]));
    await this.options.written(new Map([...spells].map(([webhookId, failingSince]) => [webhookId, { companyId: companyOf.get(webhookId)!, failingSince }])));
  }
}
