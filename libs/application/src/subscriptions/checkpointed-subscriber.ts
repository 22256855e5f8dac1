import type { EventStore, GlobalPosition, RecordedEvent, Subscription } from '@tenancy/event-store';
import { StaleEpoch, type CheckpointStore } from '@tenancy/read-store';
import { errorMessage, retry, Stopped, StopSignal, type Backoff } from '@tenancy/resilience';

export interface SubscriberLog {
  log(message: string): void;
  warn(message: string): void;
}

export interface SubscriberOptions {
  /** Its checkpoint's name; a new name starts again from the first event. */
  name: string;
  /** Does the work for one batch; throwing retries the same batch after a backoff. */
  handle(batch: RecordedEvent[]): Promise<void>;
  batchSize?: number;
  backoff?: Backoff;
  logger?: SubscriberLog;
}

export interface SubscriberStatus {
  running: boolean;
  /** Position of the last event whose work is done and recorded. */
  checkpoint: GlobalPosition;
  failedAttempts: number;
  lastError: string | null;
  /** Why the work stopped on its own (an error ended the subscription), or null: it does nothing more until started again. */
  stoppedBy: string | null;
}

const silent: SubscriberLog = { log: () => undefined, warn: () => undefined };

/**
 * Work that follows `$all` and must happen at least once per event, in order: the Kafka fan-out,
 * the reactions to recorded events. Each batch is retried with backoff until its work succeeds,
 * and only then does the checkpoint move; so an outage or a crash delays the work but never
 * skips it. After a crash the last batch may be worked again: the work must tolerate that.
 */
export class CheckpointedSubscriber {
  private subscription: Subscription | undefined;
  private readonly waiters = new Set<{ position: GlobalPosition; resolve(): void; reject(error: Error): void }>();
  private signal = new StopSignal();
  private readonly logger: SubscriberLog;
  private readonly backoff: Backoff;
  private readonly status: SubscriberStatus = { running: false, checkpoint: 0n, failedAttempts: 0, lastError: null, stoppedBy: null };

  constructor(
    private readonly events: Pick<EventStore, 'subscribeToAll'>,
    private readonly checkpoints: CheckpointStore,
    private readonly options: SubscriberOptions,
  ) {
    this.logger = options.logger ?? silent;
    this.backoff = options.backoff ?? { baseMs: 200, maxMs: 5000 };
  }

  /** Starts from the stored checkpoint; returns at once, even while the work's target is unreachable. */
  async start(): Promise<void> {
    if (this.subscription) return;
    this.signal = new StopSignal();
    const from = await this.checkpoints.load(this.options.name);
    this.status.checkpoint = from;
    this.status.running = true;
    this.status.stoppedBy = null;
    this.subscription = this.events.subscribeToAll({
      from,
      batchSize: this.options.batchSize ?? 500,
      onEvents: (batch) => this.work(batch),
      onError: (error) => {
        this.status.running = false;
        this.status.stoppedBy = errorMessage(error);
        // Nothing more will be worked: those waiting hear it now rather than at their timeout.
        for (const waiter of this.waiters) waiter.reject(this.stoppedError());
        this.waiters.clear();
        // Refused for a stale lease epoch: the fence has told the lease holder, which says so once.
        if (!(error instanceof StaleEpoch)) this.logger.warn(`${this.options.name} stopped: ${errorMessage(error)}`);
      },
    });
    this.logger.log(`${this.options.name} from position ${from}`);
  }

  /**
   * Stops promptly, even mid-outage: a batch in flight is abandoned and will be worked again.
   * With `drainMs` (a clean shutdown), no new batch starts and the one in flight gets that long
   * to finish and move the checkpoint first, so whoever takes over does not work it again.
   */
  async stop(drainMs = 0): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    const stopped = subscription?.stop() ?? Promise.resolve();
    if (drainMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, new Promise((resolve) => { timer = setTimeout(resolve, drainMs); })]);
      clearTimeout(timer);
    }
    this.signal.stop();
    await stopped;
    this.status.running = false;
  }

  /**
   * Resolves once the work for the event at `position` is done (read-your-writes); rejects after
   * `timeoutMs`, or as soon as the work stops on its own (`stoppedBy`).
   */
  waitFor(position: GlobalPosition, timeoutMs = 5000): Promise<void> {
    if (this.status.checkpoint >= position) return Promise.resolve();
    if (this.status.stoppedBy !== null) return Promise.reject(this.stoppedError());
    return new Promise((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => { clearTimeout(timer); resolve(); },
        reject: (error: Error) => { clearTimeout(timer); reject(error); },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${this.options.name} did not reach position ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  get state(): Readonly<SubscriberStatus> {
    return { ...this.status };
  }

  private async work(batch: RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1].position;
    const { name } = this.options;
    try {
      await retry(() => this.options.handle(batch), this.policy('work'));
      await retry(() => this.checkpoints.save(name, last), this.policy('checkpoint'));
    } catch (error) {
      if (error instanceof Stopped) return; // the subscription ends; the checkpoint stays where it was
      throw error;
    }
    this.status.checkpoint = last;
    for (const waiter of this.waiters) {
      if (last >= waiter.position) { this.waiters.delete(waiter); waiter.resolve(); }
    }
    if (this.status.lastError !== null) {
      this.logger.log(`${name} recovered at position ${last}`);
      this.status.lastError = null;
    }
  }

  private stoppedError(): Error {
    return new Error(`${this.options.name} stopped: ${this.status.stoppedBy}`);
  }

  private policy(what: string) {
    return {
      backoff: this.backoff,
      signal: this.signal,
      // A newer lease holder has written: trying again can only be refused again.
      retryOn: (error: unknown) => !(error instanceof StaleEpoch),
      onFailure: (error: unknown, attempt: number, delayMs: number) => {
        this.status.failedAttempts += 1;
        this.status.lastError = errorMessage(error);
        // First failure, then every tenth: an outage should not flood the log.
        if (attempt === 1 || attempt % 10 === 0) {
          this.logger.warn(`${this.options.name} ${what} failed (attempt ${attempt}), retrying in ${delayMs} ms: ${errorMessage(error)}`);
        }
      },
    };
  }
}

