import { backoffDelay, type Backoff } from '@tenancy/resilience';

/** The part of the client's `$all` subscription used here (a Readable in object mode). */
export interface LiveSubscriptionLike {
  on(event: 'data' | 'confirmation' | 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  unsubscribe(): Promise<void>;
}

const noop = () => undefined;

/**
 * Wake-ups for subscribers when new events land in `$all`, from one live ESDB subscription
 * shared by every listener and opened only while someone listens. Its events are dropped as
 * they arrive (flowing mode, nothing buffered): the subscribers read the events themselves.
 *
 * The client's subscriptions can end or fail on a dropped connection (keep-alive turns a
 * silent drop into an error). Any `error`, `end` or `close` resubscribes with backoff, and
 * every (re)confirmation wakes the listeners so they catch up on what they may have missed.
 */
export class LiveWakeups {
  private readonly listeners = new Set<() => void>();
  private current?: LiveSubscriptionLike;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private generation = 0;

  constructor(
    private readonly open: () => LiveSubscriptionLike,
    private readonly backoff: Backoff,
    private readonly onDrop: (error: unknown) => void = noop,
  ) {}

  listen(wake: () => void): () => void {
    const listener = () => wake();
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.connect();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.disconnect();
    };
  }

  /** Wakes every listener now (e.g. after an append through this process). */
  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  get connected(): boolean {
    return this.current !== undefined;
  }

  close(): void {
    this.listeners.clear();
    this.disconnect();
  }

  private connect(): void {
    const generation = ++this.generation;
    const isCurrent = () => generation === this.generation;
    let subscription: LiveSubscriptionLike;
    try {
      subscription = this.open();
    } catch (error) {
      this.dropped(error);
      return;
    }
    this.current = subscription;
    const drop = (error?: unknown) => {
      if (!isCurrent()) return;
      this.current = undefined;
      void subscription.unsubscribe().catch(noop);
      this.dropped(error ?? new Error('EventStoreDB live subscription ended'));
    };
    subscription.on('confirmation', () => {
      if (!isCurrent()) return;
      this.failures = 0;
      this.notify();
    });
    subscription.on('data', () => {
      if (isCurrent()) this.notify();
    });
    // An error listener stays attached for good: an unhandled 'error' would crash the process.
    subscription.on('error', (error) => drop(error));
    subscription.on('end', () => drop());
    subscription.on('close', () => drop());
  }

  private dropped(error: unknown): void {
    this.onDrop(error);
    if (this.listeners.size === 0) return;
    this.failures += 1;
    const generation = ++this.generation;
    this.retryTimer = setTimeout(() => {
      if (generation === this.generation && this.listeners.size > 0) this.connect();
    }, backoffDelay(this.failures, this.backoff));
  }

  private disconnect(): void {
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const subscription = this.current;
    this.current = undefined;
    this.failures = 0;
    if (subscription) void subscription.unsubscribe().catch(noop);
  }
}
