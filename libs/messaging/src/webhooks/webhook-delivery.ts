import { CheckpointedSubscriber, type Backoff, type SubscriberLog } from '@tenancy/application';
import type { EventStore, GlobalPosition, RecordedEvent } from '@tenancy/event-store';
import { sequenceOf, succeeded, type NewDelivery, type WebhookDelivery as Delivery, type WebhookDeliveryStore } from '@tenancy/read-store';
import { companyIdOfStream } from '../fan-out/event-message';
import { afterAttempt, DISABLE_AFTER_MS } from './retry-schedule';
import type { Clock, SignedSender } from './signed-sender';
import { webhookBody } from './webhook-message';

/** Where a company's events go, as the read models say now. */
export interface WebhookTarget {
  webhookId: string;
  companyId: string;
  url: string;
  /** null: every type. */
  eventTypes: string[] | null;
  enabled: boolean;
}

export interface WebhookDirectory {
  /** The company's endpoints; none when its settings do not have `notificationPreferences.webhook`. */
  targetsOf(companyId: string): Promise<WebhookTarget[]>;
  endpoint(webhookId: string): Promise<WebhookTarget | null>;
}

/** Runs `work` after `ms` unless cancelled; tests pass their own (with a short poll and a moved clock). */
export type Timer = (work: () => void, ms: number) => () => void;
const realTimer: Timer = (work, ms) => {
  const handle = setTimeout(work, ms);
  handle.unref?.();
  return () => clearTimeout(handle);
};

export interface WebhookDeliveryOptions {
  sender: SignedSender;
  clock: Clock;
  /** Resolves once the read models include `position`, so the endpoints read are at least as new as the events. */
  readModelsAt(position: GlobalPosition): Promise<void>;
  /** The endpoint has had no success since `failingSince` for DISABLE_AFTER_MS: record that it is disabled. */
  disable(companyId: string, webhookId: string, failingSince: string): Promise<void>;
  /** A rotation was recorded: signing keys are read again. */
  rotated?(companyId: string): void;
  /** How often due retries are looked for (new messages wake the sender at once). */
  pollMs?: number;
  timer?: Timer;
  random?: () => number;
  /** Messages sent at once across all endpoints, each endpoint one at a time. */
  maxInFlight?: number;
  backoff?: Backoff;
  logger?: SubscriberLog;
}

export const WEBHOOK_DELIVERIES_CHECKPOINT = 'webhook_deliveries_v1';
const silent: SubscriberLog = { log: () => undefined, warn: () => undefined };

/**
 * Delivers company events to webhook endpoints, in two parts:
 *
 *  - scheduling: a checkpointed subscription to `$all` (like the Kafka fan-out) turns each company
 *    event into one delivery per endpoint that selected its type, stored before the checkpoint moves
 *    (a batch seen again schedules nothing twice);
 *  - sending: each endpoint's oldest pending delivery, one in flight per endpoint, many endpoints at
 *    once, so a slow or dead endpoint holds up only itself. A 2xx moves on; anything else waits its
 *    turn in the retry schedule, then is marked failed and the next one goes.
 *
 * Both read their state from the store, so a restart resumes where it stopped; a message may be
 * sent again after a crash mid-request, with the same `webhook-id` (receivers drop repeats).
 */
export class WebhookDelivery {
  private readonly subscriber: CheckpointedSubscriber;
  private readonly inFlight = new Set<string>();
  private readonly draining = new Set<Promise<void>>();
  private readonly logger: SubscriberLog;
  private cancelPoll: (() => void) | undefined;
  private running = false;
  private ticking: Promise<void> | undefined;
  private again = false;

  constructor(
    events: Pick<EventStore, 'subscribeToAll'>,
    private readonly store: WebhookDeliveryStore,
    private readonly directory: WebhookDirectory,
    private readonly options: WebhookDeliveryOptions,
  ) {
    this.logger = options.logger ?? silent;
    this.subscriber = new CheckpointedSubscriber(events, store, {
      name: WEBHOOK_DELIVERIES_CHECKPOINT,
      handle: (batch) => this.schedule(batch),
      backoff: options.backoff,
      logger: { log: (m) => this.logger.log(`webhooks: ${m}`), warn: (m) => this.logger.warn(`webhooks: ${m}`) },
    });
  }

  async start(): Promise<void> {
    this.running = true;
    await this.subscriber.start();
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelPoll?.();
    await this.subscriber.stop();
    await this.ticking;
    // Each endpoint finishes the one request it has in flight (10 s at most) and records it, before the stores close.
    await Promise.allSettled([...this.draining]);
  }

  /** Resolves once deliveries for the event at `position` are scheduled. */
  scheduledUpTo(position: GlobalPosition, timeoutMs?: number): Promise<void> {
    return this.subscriber.waitFor(position, timeoutMs);
  }

  /** Looks for due deliveries now (after scheduling, and on every poll). */
  wake(): void {
    if (!this.running) return;
    if (this.ticking) { this.again = true; return; }
    this.cancelPoll?.();
    this.ticking = this.tick()
      .catch((error) => this.logger.warn(`webhooks: looking for due deliveries failed: ${String(error)}`))
      .finally(() => {
        this.ticking = undefined;
        if (!this.running) return;
        if (this.again) { this.again = false; this.wake(); return; }
        this.cancelPoll = (this.options.timer ?? realTimer)(() => this.wake(), this.options.pollMs ?? 1000);
      });
  }

  private async schedule(batch: RecordedEvent[]): Promise<void> {
    await this.options.readModelsAt(batch[batch.length - 1].position);
    const targets = new Map<string, Promise<WebhookTarget[]>>();
    const deliveries: NewDelivery[] = [];
    const now = this.options.clock.now().toISOString();
    for (const event of batch) {
      const companyId = companyIdOfStream(event.streamName);
      if (companyId === null) continue;
      if (event.type === 'TenantSecretRotated') this.options.rotated?.(companyId);
      if (!targets.has(companyId)) targets.set(companyId, this.directory.targetsOf(companyId));
      for (const target of await targets.get(companyId)!) {
        if (!target.enabled || (target.eventTypes !== null && !target.eventTypes.includes(event.type))) continue;
        deliveries.push({
          deliveryId: `${target.webhookId}.${event.id}`, webhookId: target.webhookId, companyId, messageId: event.id,
          eventType: event.type, sequence: sequenceOf(event.position), body: webhookBody(event, companyId), nextAttemptAt: now, createdAt: now,
        });
      }
    }
    await this.store.enqueue(deliveries);
    if (deliveries.length > 0) this.wake();
  }

  private async tick(): Promise<void> {
    const now = this.options.clock.now().toISOString();
    const max = this.options.maxInFlight ?? 64;
    for (const webhookId of await this.store.endpointsWithPending()) {
      if (this.inFlight.has(webhookId)) continue;
      if (this.inFlight.size >= max) break;
      const head = await this.store.head(webhookId);
      if (!head || head.nextAttemptAt > now) continue;
      this.inFlight.add(webhookId);
      // Not awaited: every endpoint goes at its own pace.
      const drained: Promise<void> = this.drain(head)
        .catch((error) => this.logger.warn(`webhooks: delivering to ${webhookId} failed to record: ${String(error)}`))
        .finally(() => { this.inFlight.delete(webhookId); this.draining.delete(drained); });
      this.draining.add(drained);
    }
  }

  /** Sends the endpoint's messages one after the other while the next is due; a paused endpoint waits for the next poll. */
  private async drain(first: Delivery): Promise<void> {
    for (let head: Delivery | null = first; head && this.running;) {
      if (!(await this.attempt(head))) return;
      head = await this.store.head(head.webhookId);
      if (head && head.nextAttemptAt > this.options.clock.now().toISOString()) return;
    }
  }

  /** False when the endpoint is removed or paused: its messages wait (a removed endpoint's are never sent). */
  private async attempt(delivery: Delivery): Promise<boolean> {
    const target = await this.directory.endpoint(delivery.webhookId);
    if (!target?.enabled) return false;
    const { at, ...result } = await this.options.sender.deliver(delivery.companyId, target.url, delivery.messageId, delivery.body);
    const now = this.options.clock.now();
    const outcome = afterAttempt(succeeded(result.statusCode), delivery.attempts.length + 1, now, this.options.random);
    const failingSince = await this.store.recordAttempt(delivery.deliveryId, { at, ...result }, outcome);
    if (failingSince !== null && now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS) {
      await this.options.disable(delivery.companyId, delivery.webhookId, failingSince);
    }
    return true;
  }
}
