import {
  Aggregates, AnchorPublisher, destroyDeletedCompanyKeys, destroyErasedUserKeys, forgetSnapshots, logAnchorSink, MembershipProcess,
  REACTIONS_CHECKPOINT, reactionsSubscriber, releaseEndedMemberships, tombstoneDeletedCompany, type CheckpointedSubscriber,
} from '@tenancy/application';
import type { GlobalPosition } from '@tenancy/event-store';
import { KafkaAnchorSink, type KafkaFanOut, type Timer, type WebhookDelivery } from '@tenancy/messaging';
import { ALL_PROJECTIONS, ProjectionRunner } from '@tenancy/projections';
import { FencedReadStore, FencedWebhookDeliveryStore, readStoreCheckpoints, StaleEpoch, WriterFence } from '@tenancy/read-store';
import type { Config } from './config';
import { createFanOut } from './fan-out';
import { tracedEvents } from './observability/tracing';
import type { Stores } from './stores';
import type { Clock, Ids } from './tokens';
import { createWebhookDelivery } from './webhooks';

/** A part of the background work that stopped on its own, and why (the error that ended it). */
export interface StoppedWork {
  part: 'projections' | 'reactions' | 'Kafka fan-out' | 'webhook delivery';
  reason: string;
}

/**
 * The background work running in this process stopped for good: the read models, reactions,
 * fan-out or webhooks named fall behind from here on, until the process restarts (readiness).
 */
export class BackgroundWorkStopped extends Error {
  constructor(readonly stopped: StoppedWork[]) {
    super(`The background work stopped: ${stopped.map(({ part, reason }) => `${part} (${reason})`).join(', ')}`);
    this.name = 'BackgroundWorkStopped';
  }
}

export interface WorkLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Everything that follows the event log instead of answering requests: the read models, the
 * reactions to recorded events (membership releases, tombstones, destroying the keys of deleted
 * companies and erased users), the Kafka fan-out, webhook delivery (docs/webhooks.md) and the audit anchors. The
 * embedded service runs it in its own process; in production the projector runs it while it
 * holds the lease (docs/adr/0003-single-active-projector.md), and every write it makes to the
 * read store and to the webhook delivery store carries the lease's epoch: a store that has seen a
 * newer epoch refuses it.
 */
export class BackgroundWork {
  constructor(
    readonly projections: ProjectionRunner,
    readonly reactions: CheckpointedSubscriber,
    readonly fanOut: KafkaFanOut | null,
    readonly fence: WriterFence = new WriterFence(),
    /** Anchors of the hash chains (docs/tamper-evidence.md). */
    readonly anchors: AnchorPublisher | null = null,
    private readonly closeAnchorSinks: () => Promise<void> = async () => undefined,
    readonly webhooks: WebhookDelivery | null = null,
  ) {}

  /** Starts the work; with the lease's `epoch` its writes are fenced, without it (embedded) they are not. */
  async start(epoch?: number): Promise<void> {
    this.fence.epoch = epoch;
    await this.projections.start();
    await this.reactions.start();
    await this.fanOut?.start();
    this.anchors?.start();
    await this.webhooks?.start();
  }

  /**
   * Projections stop after their batch in flight; `drainMs` gives the reactions' and the fan-out's
   * batch in flight that long to finish and move its checkpoint (a clean shutdown), else they stop at once.
   */
  async stop({ drainMs = 0 }: { drainMs?: number } = {}): Promise<void> {
    await Promise.all([
      this.projections.stop(), this.reactions.stop(drainMs), this.fanOut?.stop(drainMs), this.anchors?.stop(), this.webhooks?.stop(),
    ]);
    await this.closeAnchorSinks();
  }

  /**
   * The parts whose loop an error ended (a read of the events or a write that failed in a way
   * their own retries do not cover): none before start() or after stop(). The audit anchors are
   * not among them: they follow the events again on their own.
   */
  stopped(): StoppedWork[] {
    const parts: Array<[StoppedWork['part'], string | null | undefined]> = [
      ['projections', this.projections.stoppedBy],
      ['reactions', this.reactions.state.stoppedBy],
      ['Kafka fan-out', this.fanOut?.state.stoppedBy],
      ['webhook delivery', this.webhooks?.stoppedBy],
    ];
    return parts.flatMap(([part, reason]) => (reason == null ? [] : [{ part, reason }]));
  }

  /**
   * Failed attempts in a row at the batch each retrying part has in hand (0 while it goes): a part
   * retries for as long as the failure lasts (Kafka or a store away), so this is what says that one
   * is stuck, where readiness must not (a Kafka outage is no reason to leave the load balancer).
   */
  failedAttempts(): Array<{ part: StoppedWork['part']; attempts: number }> {
    const parts: Array<[StoppedWork['part'], number | undefined]> = [
      ['reactions', this.reactions.state.failedAttempts],
      ['Kafka fan-out', this.fanOut?.state.failedAttempts],
      ['webhook delivery', this.webhooks?.failedAttempts],
    ];
    return parts.flatMap(([part, attempts]) => (attempts === undefined ? [] : [{ part, attempts }]));
  }

  /** Resolves once the read models and the reactions include the event at `position`. */
  async waitFor(position: GlobalPosition, timeoutMs = 5000): Promise<void> {
    await Promise.all([this.projections.waitFor(position, timeoutMs), this.reactions.waitFor(position, timeoutMs)]);
  }

  /** The checkpoints a reader polls when the work runs in another process. */
  get checkpointNames(): string[] {
    return [...this.projections.projections.map((p) => p.name), REACTIONS_CHECKPOINT];
  }
}

export function createBackgroundWork(
  config: Config, stores: Stores, { ids, clock, logger, timer }: { ids: Ids; clock: Clock; logger: WorkLog; timer?: Timer },
): BackgroundWork {
  const fence = new WriterFence();
  const readModels = new FencedReadStore(stores.readModels, fence);
  const projections = new ProjectionRunner(tracedEvents(stores.events, 'projections'), readModels, ALL_PROJECTIONS, {
    // A refusal for a stale epoch is the fence's to report (the projector says so once).
    onError: (projection, error) => { if (!(error instanceof StaleEpoch)) logger.error(`${projection} stopped: ${String(error)}`); },
  });
  const memberships = new MembershipProcess(new Aggregates(tracedEvents(stores.events), ids, stores.snapshots), clock);
  const reactions = reactionsSubscriber(tracedEvents(stores.events, 'reactions'), readStoreCheckpoints(readModels), [
    releaseEndedMemberships(memberships, clock),
    tombstoneDeletedCompany(stores.events),
    forgetSnapshots(stores.snapshots),
    destroyDeletedCompanyKeys(stores.dataKeys),
    destroyErasedUserKeys(stores.dataKeys),
  ], logger);
  const kafkaAnchors = config.kafkaBrokers ? new KafkaAnchorSink({ brokers: config.kafkaBrokers, security: config.kafkaSecurity, topic: config.kafkaAuditAnchorsTopic }) : null;
  const anchors = new AnchorPublisher(stores.storedEvents, [logAnchorSink(logger), ...(kafkaAnchors ? [kafkaAnchors] : [])], {
    intervalMs: config.auditAnchorIntervalMs, clock, logger,
  });
  return new BackgroundWork(projections, reactions, createFanOut(config, tracedEvents(stores.events, 'fan-out'), readModels, logger), fence, anchors,
    async () => kafkaAnchors?.close(),
    createWebhookDelivery(config, stores, { ids, clock, projections, deliveries: new FencedWebhookDeliveryStore(stores.webhookDeliveries, fence), logger, timer }));
}
