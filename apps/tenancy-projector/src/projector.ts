import { PROJECTOR_LEASE, type BackgroundWork, type StoppedWork } from '@tenancy/platform';
import { LeaseKeeper, type LeaseLoss, type LeaseStore } from '@tenancy/read-store';

const LOSS: Record<LeaseLoss, string> = {
  taken: 'another instance holds the lease',
  unrenewed: 'could not renew the lease in time',
  stopped: 'shutting down',
  'failed-to-start': 'the work failed to start; lease released, will try again',
  fenced: 'a newer lease holder has written: this one was paused past its lease; lease let go, will try again',
};

export interface ProjectorParts {
  leases: LeaseStore;
  /** Read models, reactions and (with Kafka brokers configured) the fan-out. */
  work: BackgroundWork;
  /** Unique per process. */
  owner: string;
  leaseTtlMs: number;
  /** On a clean stop, how long the batch in flight gets to finish before the lease is released. */
  drainMs?: number;
  /** How often a holder renews and a stand-by tries (ttl/3 by default). */
  leaseTryEveryMs?: number;
  log(message: string): void;
  error(message: string): void;
}

/**
 * The projector's work (read models, reactions, Kafka fan-out), done only while this process holds
 * the projector lease: at most one instance works at a time, the others wait and take over
 * when it dies (see docs/adr/0003-single-active-projector.md).
 */
export class Projector {
  private readonly keeper: LeaseKeeper;

  constructor(private readonly parts: ProjectorParts) {
    this.keeper = new LeaseKeeper(parts.leases, {
      name: PROJECTOR_LEASE,
      owner: parts.owner,
      ttlMs: parts.leaseTtlMs,
      renewEveryMs: parts.leaseTryEveryMs,
      onAcquired: (epoch) => this.startWork(epoch),
      // Only a clean stop lets the batch in flight finish: a lost lease may already be someone else's.
      onLost: (reason) => this.stopWork(LOSS[reason], reason === 'stopped' ? parts.drainMs ?? 0 : 0),
      onError: (error) => parts.error(`projector lease: ${error instanceof Error ? error.message : String(error)}`),
    });
    // A store refused a write of our epoch: stop and let the lease go (not awaited: the refused
    // write is still unwinding inside the work that this stops).
    parts.work.fence.onRefused((epoch) => { void this.keeper.fenced(epoch); });
  }

  get active(): boolean {
    return this.keeper.holding;
  }

  /**
   * The parts of the work that an error ended while this instance holds the lease: it keeps the
   * lease (a stand-by would stop on the same event), so readiness says so and an orchestrator
   * restarts it. None while it waits.
   */
  stoppedWork(): StoppedWork[] {
    return this.keeper.holding ? this.parts.work.stopped() : [];
  }

  /** Starts waiting for the lease; returns at once. */
  start(): void {
    this.parts.log(`projector ${this.parts.owner} waiting for the lease (ttl ${this.parts.leaseTtlMs} ms)`);
    this.keeper.start();
  }

  /** Stops the work and releases the lease, so a waiting instance takes over at once. */
  stop(): Promise<void> {
    return this.keeper.stop();
  }

  /** What dying looks like to the others: no more renewals, no release (tests). */
  async crash(): Promise<void> {
    this.keeper.abandon();
    await this.stopWork('crashed');
  }

  private async startWork(epoch: number): Promise<void> {
    this.parts.log(`projector ${this.parts.owner} holds the lease (epoch ${epoch}): projecting, reacting${this.parts.work.fanOut ? ' and publishing to Kafka' : ''}`);
    await this.parts.work.start(epoch);
  }

  private async stopWork(reason: string, drainMs = 0): Promise<void> {
    this.parts.log(`projector ${this.parts.owner} stops working (${reason})`);
    await this.parts.work.stop({ drainMs });
  }
}
