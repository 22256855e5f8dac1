import {
  Aggregates, destroyDeletedCompanyKeys, destroyErasedUserKeys, MembershipProcess, REACTIONS_CHECKPOINT, reactionsSubscriber,
  releaseEndedMemberships, tombstoneDeletedCompany, type CheckpointedSubscriber,
} from '@tenancy/application';
import type { GlobalPosition } from '@tenancy/event-store';
import type { KafkaFanOut, Timer, WebhookDelivery } from '@tenancy/messaging';
import { ALL_PROJECTIONS, ProjectionRunner } from '@tenancy/projections';
import { readStoreCheckpoints } from '@tenancy/read-store';
import type { Config } from './config';
import { createFanOut } from './fan-out';
import type { Stores } from './stores';
import type { Clock, Ids } from './tokens';
import { createWebhookDelivery } from './webhooks';

export interface WorkLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Everything that follows the event log instead of answering requests: the read models, the
 * reactions to recorded events (membership releases, tombstones, destroying the keys of deleted
 * companies and erased users), the Kafka fan-out and webhook delivery (docs/webhooks.md). The
 * embedded service runs it in its own process; in production the projector runs it while it
 * holds the lease (docs/adr/0003-single-active-projector.md).
 */
export class BackgroundWork {
  constructor(
    readonly projections: ProjectionRunner,
    readonly reactions: CheckpointedSubscriber,
    readonly fanOut: KafkaFanOut | null,
    readonly webhooks: WebhookDelivery | null = null,
  ) {}

  async start(): Promise<void> {
    await this.projections.start();
    await this.reactions.start();
    await this.fanOut?.start();
    await this.webhooks?.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.projections.stop(), this.reactions.stop(), this.fanOut?.stop(), this.webhooks?.stop()]);
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
  const projections = new ProjectionRunner(stores.events, stores.readModels, ALL_PROJECTIONS, {
    onError: (projection, error) => logger.error(`${projection} stopped: ${String(error)}`),
  });
  const memberships = new MembershipProcess(new Aggregates(stores.events, ids), clock);
  const reactions = reactionsSubscriber(stores.events, readStoreCheckpoints(stores.readModels), [
    releaseEndedMemberships(memberships, clock),
    tombstoneDeletedCompany(stores.events),
    destroyDeletedCompanyKeys(stores.dataKeys),
    destroyErasedUserKeys(stores.dataKeys),
  ], logger);
  return new BackgroundWork(projections, reactions, createFanOut(config, stores.events, stores.readModels, logger),
    createWebhookDelivery(config, stores, { ids, clock, projections, logger, timer }));
}
