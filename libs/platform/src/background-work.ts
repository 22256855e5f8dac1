import {
  Aggregates, AnchorPublisher, destroyDeletedCompanyKeys, destroyErasedUserKeys, forgetSnapshots, logAnchorSink, MembershipProcess,
  REACTIONS_CHECKPOINT, reactionsSubscriber, releaseEndedMemberships, tombstoneDeletedCompany, type CheckpointedSubscriber,
} from '@tenancy/application';
import type { GlobalPosition } from '@tenancy/event-store';
import { KafkaAnchorSink, type KafkaFanOut } from '@tenancy/messaging';
import { ALL_PROJECTIONS, ProjectionRunner } from '@tenancy/projections';
import { readStoreCheckpoints } from '@tenancy/read-store';
import type { Config } from './config';
import { createFanOut } from './fan-out';
import type { Stores } from './stores';
import type { Clock, Ids } from './tokens';

export interface WorkLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Everything that follows the event log instead of answering requests: the read models, the
 * reactions to recorded events (membership releases, tombstones, destroying the keys of deleted
 * companies and erased users), the Kafka fan-out and the audit anchors. The
 * embedded service runs it in its own process; in production the projector runs it while it
 * holds the lease (docs/adr/0003-single-active-projector.md).
 */
export class BackgroundWork {
  constructor(
    readonly projections: ProjectionRunner,
    readonly reactions: CheckpointedSubscriber,
    readonly fanOut: KafkaFanOut | null,
    /** Anchors of the hash chains (docs/tamper-evidence.md). */
    readonly anchors: AnchorPublisher | null = null,
    private readonly closeAnchorSinks: () => Promise<void> = async () => undefined,
  ) {}

  async start(): Promise<void> {
    await this.projections.start();
    await this.reactions.start();
    await this.fanOut?.start();
    this.anchors?.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.projections.stop(), this.reactions.stop(), this.fanOut?.stop(), this.anchors?.stop()]);
    await this.closeAnchorSinks();
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

export function createBackgroundWork(config: Config, stores: Stores, { ids, clock, logger }: { ids: Ids; clock: Clock; logger: WorkLog }): BackgroundWork {
  const projections = new ProjectionRunner(stores.events, stores.readModels, ALL_PROJECTIONS, {
    onError: (projection, error) => logger.error(`${projection} stopped: ${String(error)}`),
  });
  const memberships = new MembershipProcess(new Aggregates(stores.events, ids, stores.snapshots), clock);
  const reactions = reactionsSubscriber(stores.events, readStoreCheckpoints(stores.readModels), [
    releaseEndedMemberships(memberships, clock),
    tombstoneDeletedCompany(stores.events),
    forgetSnapshots(stores.snapshots),
    destroyDeletedCompanyKeys(stores.dataKeys),
    destroyErasedUserKeys(stores.dataKeys),
  ], logger);
  const kafkaAnchors = config.kafkaBrokers ? new KafkaAnchorSink({ brokers: config.kafkaBrokers, topic: config.kafkaAuditAnchorsTopic }) : null;
  const anchors = new AnchorPublisher(stores.storedEvents, [logAnchorSink(logger), ...(kafkaAnchors ? [kafkaAnchors] : [])], {
    intervalMs: config.auditAnchorIntervalMs, clock, logger,
  });
  return new BackgroundWork(projections, reactions, createFanOut(config, stores.events, stores.readModels, logger), anchors,
    async () => kafkaAnchors?.close());
}
