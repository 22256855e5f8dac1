import { CheckpointedSubscriber, type Backoff, type SubscriberLog } from '@tenancy/application';
import { isWebhookEvent } from '@tenancy/domain';
import type { EventStore, GlobalPosition, RecordedEvent } from '@tenancy/event-store';
import { sequenceOf, StaleEpoch, succeeded, type NewDelivery, type WebhookDelivery as Delivery, type WebhookDeliveryStore } from '@tenancy/read-store';
import { companyIdOfStream } from '../fan-out/event-message';
import { AttemptLog } from './attempt-log';
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
  /** The company's endpoints; none when its settings do not have `notificationPreferences.webhook`, or it has no tenant secret. */
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
/** Pending deliveries of one endpoint read at once: the queue is read once per page, not once per message. */
const PAGE = 64;
/** How long an endpoint's address and switch, read from the read models, are used before they are read again. */
const TARGET_MAX_AGE_MS = 1000;

/**
 * The endpoint an event switches on (added, or changed to `enabled: true`) or off (removed,
 * disabled for failing, or changed to `enabled: false`), if any.
 */
export function endpointSwitchedBy(event: RecordedEvent): { webhookId: string; on: boolean } | null {
  if (!isWebhookEvent(event)) return null;
  const { webhookId } = event.data;
  switch (event.type) {
    case 'WebhookEndpointAdded':
      return { webhookId, on: true };
    case 'WebhookEndpointRemoved':
    case 'WebhookEndpointDisabled':
      return { webhookId, on: false };
    case 'WebhookEndpointChanged':
      return event.data.changes.enabled === undefined ? null : { webhookId, on: event.data.changes.enabled };
  }
}

/**
 * Delivers company events to webhook endpoints, in two parts:
 *
 *  - scheduling: a checkpointed subscription to `$all` (like the Kafka fan-out) turns each company
 *    event into one delivery per endpoint that selected its type, stored before the checkpoint moves
 *    (a batch seen again schedules nothing twice); an event that removes or disables an endpoint
 *    cancels its deliveries still pending, so they are never sent;
 *  - sending: each endpoint's oldest pending delivery, one in flight per endpoint, many endpoints at
 *    once, so a slow or dead endpoint holds up only itself. A 2xx moves on; anything else waits its
 *    turn in the retry schedule, then is marked failed and the next one goes. Attempts are written
 *    together (AttemptLog), a page of each queue is read at once.
 *
 * Both read their state from the store, so a restart resumes where it stopped; a message may be
 * sent again after a crash, with the same `webhook-id` (receivers drop repeats).
 */
export class WebhookDelivery {
  private readonly subscriber: CheckpointedSubscriber;
  private readonly inFlight = new Set<string>();
  private readonly attempts: AttemptLog;
  /** Bumped once an endpoint's pending deliveries are cancelled: a page of its queue read before is stale. */
  private readonly sweeps = new Map<string, number>();
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
    this.attempts = new AttemptLog(store, { timer: options.timer ?? realTimer, written: (failing) => this.disableFailing(failing) });
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
    await this.attempts.flush().catch((error) => this.logger.warn(`webhooks: recording the last attempts failed: ${String(error)}`));
  }

  /** Why scheduling stopped on its own (CheckpointedSubscriber), or null: no new event is delivered until started again. */
  get stoppedBy(): string | null {
    return this.subscriber.state.stoppedBy;
  }

  /** Failed attempts in a row at scheduling the batch in hand (CheckpointedSubscriber): 0 while it goes. */
  get failedAttempts(): number {
    return this.subscriber.state.failedAttempts;
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
      .catch((error) => this.warnUnlessFenced('looking for due deliveries failed', error))
      .finally(() => {
        this.ticking = undefined;
        if (!this.running) return;
        if (this.again) { this.again = false; this.wake(); return; }
        this.cancelPoll = (this.options.timer ?? realTimer)(() => this.wake(), this.options.pollMs ?? 1000);
      });
  }

  /**
   * An endpoint gets the events from the one that added or enabled it; those before the one that
   * removed or disabled it, still pending, are cancelled. The endpoints are read as of the batch's
   * end, so within a batch the switches are placed by position.
   */
  private async schedule(batch: RecordedEvent[]): Promise<void> {
    await this.options.readModelsAt(batch[batch.length - 1].position);
    const switchedOnAt = new Map<string, bigint>();
    const switchedOff: { webhookId: string; before: string }[] = [];
    const deleted = new Set<string>();
    for (const event of batch) {
      const switched = endpointSwitchedBy(event);
      if (switched?.on) switchedOnAt.set(switched.webhookId, event.position);
      else if (switched) switchedOff.push({ webhookId: switched.webhookId, before: sequenceOf(event.position) });
      const companyId = event.type === 'CompanyDeleted' ? companyIdOfStream(event.streamName) : null;
      if (companyId !== null) deleted.add(companyId);
    }
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
        if (event.position < (switchedOnAt.get(target.webhookId) ?? 0n)) continue;
        deliveries.push({
          deliveryId: `${target.webhookId}.${event.id}`, webhookId: target.webhookId, companyId, messageId: event.id,
          eventType: event.type, sequence: sequenceOf(event.position), body: webhookBody(event, companyId), nextAttemptAt: now, createdAt: now,
        });
      }
    }
    await this.store.enqueue(deliveries);
    if (deleted.size > 0) switchedOff.push(...await this.endpointsOwedBy(deleted, sequenceOf(batch[batch.length - 1].position + 1n)));
    for (const { webhookId, before } of switchedOff) {
      await this.store.cancelPending(webhookId, before);
      this.sweeps.set(webhookId, (this.sweeps.get(webhookId) ?? 0) + 1);
    }
    if (deliveries.length > 0) this.wake();
  }

  /**
   * The endpoints of deleted companies that are still owed messages: a deleted company's endpoints
   * go with it, so everything pending for them is cancelled (else each poll would look at them for
   * ever). Deletions are rare; the endpoints with pending messages are few.
   */
  private async endpointsOwedBy(companies: Set<string>, before: string): Promise<{ webhookId: string; before: string }[]> {
    const owed: { webhookId: string; before: string }[] = [];
    for (const webhookId of await this.store.endpointsWithPending()) {
      const [head] = await this.store.nextPending(webhookId, 1);
      if (head && companies.has(head.companyId)) owed.push({ webhookId, before });
    }
    return owed;
  }

  private async tick(): Promise<void> {
    // The queues are read from the store: first every attempt made must be in it.
    await this.attempts.flush();
    const now = this.options.clock.now().toISOString();
    const max = this.options.maxInFlight ?? 64;
    for (const webhookId of await this.store.endpointsWithPending()) {
      if (this.inFlight.has(webhookId)) continue;
      if (this.inFlight.size >= max) break;
      const [head] = await this.store.nextPending(webhookId, 1);
      if (!head || head.nextAttemptAt > now) continue;
      this.inFlight.add(webhookId);
      // Not awaited: every endpoint goes at its own pace.
      const drained: Promise<void> = this.drain(webhookId)
        .catch((error) => this.warnUnlessFenced(`delivering to ${webhookId} failed to record`, error))
        .finally(() => { this.inFlight.delete(webhookId); this.draining.delete(drained); });
      this.draining.add(drained);
    }
  }

  /**
   * Sends the endpoint's messages one after the other while the next is due, a page of its queue
   * at a time; stops at a message that waits for its retry, and when the endpoint is removed or paused.
   */
  private async drain(webhookId: string): Promise<void> {
    let page: Delivery[] = [];
    let sweep = -1;
    let target: { value: WebhookTarget | null; readAt: number } | undefined;
    while (this.running) {
      if (page.length === 0 || sweep !== (this.sweeps.get(webhookId) ?? 0)) {
        sweep = this.sweeps.get(webhookId) ?? 0;
        await this.attempts.flush();
        page = await this.store.nextPending(webhookId, PAGE);
        target = undefined;
      }
      const head = page.shift();
      if (!head || head.nextAttemptAt > this.options.clock.now().toISOString()) return;
      if (!target || performance.now() - target.readAt > TARGET_MAX_AGE_MS) {
        target = { value: await this.directory.endpoint(webhookId), readAt: performance.now() };
      }
      // Removed or paused: its messages wait for the sweep that follows the event (a removed endpoint's are never sent).
      if (!target.value?.enabled) return;
      if (!(await this.attempt(head, target.value))) return;
    }
  }

  /** Sends one message and notes the attempt; false when the message waits for its retry. */
  private async attempt(delivery: Delivery, target: WebhookTarget): Promise<boolean> {
    const { at, ...result } = await this.options.sender.deliver(delivery.companyId, target.url, delivery.messageId, delivery.body);
    const outcome = afterAttempt(succeeded(result.statusCode), delivery.attempts.length + 1, this.options.clock.now(), this.options.random);
    await this.attempts.add({
      deliveryId: delivery.deliveryId, webhookId: delivery.webhookId, companyId: delivery.companyId, attempt: { at, ...result }, outcome,
    });
    return outcome.status !== 'pending';
  }

  /** A refusal for a stale lease epoch is the fence's to report (the projector says so once). */
  private warnUnlessFenced(what: string, error: unknown): void {
    if (!(error instanceof StaleEpoch)) this.logger.warn(`webhooks: ${what}: ${String(error)}`);
  }

  /** Disables the endpoints that have had no success for DISABLE_AFTER_MS. */
  private async disableFailing(failing: Map<string, { companyId: string; failingSince: string | null }>): Promise<void> {
    const now = this.options.clock.now().getTime();
    for (const [webhookId, { companyId, failingSince }] of failing) {
      if (failingSince === null || now - Date.parse(failingSince) < DISABLE_AFTER_MS) continue;
      await this.options.disable(companyId, webhookId, failingSince)
        .catch((error) => this.logger.warn(`webhooks: disabling ${webhookId} failed: ${String(error)}`));
    }
  }
}
