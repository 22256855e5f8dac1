import type { LeaseStore } from './lease-store.port';

/** Why the work must stop. */
export type LeaseLoss = 'taken' | 'unrenewed' | 'stopped' | 'failed-to-start' | 'fenced';

export interface LeaseKeeperOptions {
  name: string;
  /** Unique per process, e.g. `${hostname}:${pid}:${uuid}`. */
  owner: string;
  ttlMs: number;
  /** How often to renew while holding, and to try while waiting; ttl/3 by default. */
  renewEveryMs?: number;
  /** Start the work, its writes fenced with `epoch`; called once per acquisition. */
  onAcquired(epoch: number): Promise<void> | void;
  /** Stop the work: another owner has the lease, renewals failed until it may have run out, or stop() was called. */
  onLost(reason: LeaseLoss): Promise<void> | void;
  /** Errors of the store or of the callbacks; the keeper carries on. */
  onError?(error: unknown): void;
  now?: () => number;
}

/**
 * Holds a lease for as long as the process lives: renews it every `renewEveryMs` (ttl/3 unless
 * given; the projector gives min(1000, ttl/3), ADR 0003) and does the work only while it holds
 * it. Waiting keepers try at the same pace, so when the holder dies its lease expires within one
 * ttl of its last renewal and a waiter takes over within ttl + renewEveryMs (16 s for the
 * projector with the default 15 s ttl).
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private held = false;
  /** The epoch of the lease we hold (the fencing token of our writes). */
  private heldEpoch = 0;
  /** When the lease we hold runs out at the latest, by our clock (measured from before the renewal was sent). */
  private validUntil = 0;
  private tick: Promise<void> = Promise.resolve();
  private readonly renewEveryMs: number;
  private readonly now: () => number;

  constructor(private readonly store: LeaseStore, private readonly options: LeaseKeeperOptions) {
    this.renewEveryMs = options.renewEveryMs ?? Math.floor(options.ttlMs / 3);
    this.now = options.now ?? Date.now;
  }

  get holding(): boolean {
    return this.held;
  }

  get epoch(): number | null {
    return this.held ? this.heldEpoch : null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops the work (if held) and releases the lease, so a waiter takes over at once. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.tick;
    if (!this.held) return;
    await this.lose('stopped');
    await this.store.release(this.options.name, this.options.owner).catch((error) => this.options.onError?.(error));
  }

  /**
   * A store refused a write of `epoch`: a newer holder has written, so ours ran out whatever
   * our clock says (a pause longer than the ttl). Stops the work and lets the lease go; the
   * keeper carries on trying, as after any loss. Nothing happens if `epoch` is no longer ours.
   */
  async fenced(epoch: number): Promise<void> {
    // Not after the renewal in flight: that may hang as long as the store does. The epoch
    // check keeps this from stopping work a later grant started.
    if (!this.held || this.heldEpoch !== epoch) return;
    await this.lose('fenced');
    await this.store.release(this.options.name, this.options.owner).catch((error) => this.options.onError?.(error));
  }

  /** Stops renewing without stopping the work or releasing: what a crash looks like to the others (tests). */
  abandon(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.tick = this.renewOrAcquire().finally(() => { if (this.running) this.schedule(this.renewEveryMs); });
    }, delayMs);
  }

  private async renewOrAcquire(): Promise<void> {
    const sentAt = this.now();
    let acquired: number | null;
    try {
      acquired = await this.store.tryAcquire(this.options.name, this.options.owner, this.options.ttlMs);
    } catch (error) {
      this.options.onError?.(error);
      // Unknown whether we still hold it: stop the work before it could have run out. The next
      // try comes about renewEveryMs from now, give or take timer jitter (timers run on another
      // clock than Date.now and may fire a little early), hence half an interval of slack.
      const nextTryAt = this.now() + this.renewEveryMs * 1.5;
      if (this.held && nextTryAt >= this.validUntil) await this.lose('unrenewed');
      return;
    }
    if (!this.running) {
      // stop() or abandon() came while the call was in flight; stop() releases what we got.
      if (acquired !== null && !this.held) await this.store.release(this.options.name, this.options.owner).catch(() => undefined);
      return;
    }
    if (acquired === null) {
      if (this.held) await this.lose('taken');
      return;
    }
    // A new epoch while holding: our lease ran out before this renewal, and others may have
    // written meanwhile; the work restarts under the new epoch.
    if (this.held && acquired !== this.heldEpoch) await this.lose('unrenewed');
    this.validUntil = sentAt + this.options.ttlMs;
    if (this.held) return;
    this.held = true;
    this.heldEpoch = acquired;
    try {
      await this.options.onAcquired(acquired);
    } catch (error) {
      this.options.onError?.(error);
      await this.lose('failed-to-start');
      await this.store.release(this.options.name, this.options.owner).catch(() => undefined);
    }
  }

  private async lose(reason: LeaseLoss): Promise<void> {
    this.held = false;
    try {
      await this.options.onLost(reason);
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
