/**
 * The one retry loop of the codebase: the command path retries a conflict on fresh state, the
 * fan-out and the reactions retry a batch until it succeeds or they stop, a Kafka command retries
 * an unexpected failure a few times, the EventStoreDB adapter an append the server refused for load.
 */

/** Delays in ms: exponential from `baseMs`, capped at `maxMs`. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** Exponential backoff with "equal jitter": half fixed, half random, never zero. */
export function backoffDelay(attempt: number, { baseMs, maxMs }: Backoff, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** A one-way switch that ends waits early: set once by stop(), checked by the retry loop. */
export class StopSignal {
  private resolveStopped!: () => void;
  readonly whenStopped = new Promise<void>((resolve) => (this.resolveStopped = resolve));
  private stoppedFlag = false;

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  stop(): void {
    this.stoppedFlag = true;
    this.resolveStopped();
  }

  /** Waits `ms`, or less if stopped meanwhile. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      void this.whenStopped.then(() => { clearTimeout(timer); resolve(); });
    });
  }
}

/** Thrown out of `retry` once the signal is stopped: the work was not done. */
export class Stopped extends Error {
  constructor() {
    super('Stopped before the operation succeeded');
    this.name = 'Stopped';
  }
}

export interface RetryPolicy {
  backoff: Backoff;
  /** Attempts in all before the last error is thrown; forever when absent. */
  attempts?: number;
  /** Ends the retries early (an attempt in flight is then abandoned, not awaited). */
  signal?: StopSignal;
  /** Whether an error is worth another attempt; every error is, when absent. */
  retryOn?(error: unknown): boolean;
  onFailure?(error: unknown, attempt: number, delayMs: number): void;
  /** The jitter's source; tests pass their own. */
  random?: () => number;
}

/** Runs `operation` until it succeeds, waiting a growing delay between attempts. */
export async function retry<T>(operation: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const signal = policy.signal ?? new StopSignal();
  const attempts = policy.attempts ?? Infinity;
  for (let attempt = 1; ; attempt += 1) {
    if (signal.stopped) throw new Stopped();
    const attempted = operation();
    attempted.catch(() => undefined); // may settle after a stop stopped waiting for it
    try {
      return await Promise.race([attempted, signal.whenStopped.then((): never => { throw new Stopped(); })]);
    } catch (error) {
      if (error instanceof Stopped || signal.stopped) throw new Stopped();
      if (attempt >= attempts || (policy.retryOn && !policy.retryOn(error))) throw error;
      const delay = backoffDelay(attempt, policy.backoff, policy.random);
      policy.onFailure?.(error, attempt, delay);
      await signal.sleep(delay);
    }
  }
}
