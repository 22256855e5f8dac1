/** Delays of the publisher's retries, in ms: exponential from `baseMs`, capped at `maxMs`. */
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

/** Thrown out of `retryForever` once the signal is stopped: the work was not done. */
export class Stopped extends Error {
  constructor() {
    super('Stopped before the operation succeeded');
    this.name = 'Stopped';
  }
}

/**
 * Runs `operation` until it succeeds, waiting a growing delay between attempts; gives up
 * only when `signal` stops (an attempt in flight is then abandoned, not awaited).
 */
export async function retryForever<T>(
  operation: () => Promise<T>,
  signal: StopSignal,
  backoff: Backoff,
  onFailure: (error: unknown, attempt: number, delayMs: number) => void = () => undefined,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    if (signal.stopped) throw new Stopped();
    const attempted = operation();
    attempted.catch(() => undefined); // may settle after a stop stopped waiting for it
    try {
      const result = await Promise.race([attempted, signal.whenStopped.then(() => { throw new Stopped(); })]);
      return result as T;
    } catch (error) {
      if (error instanceof Stopped || signal.stopped) throw new Stopped();
      const delay = backoffDelay(attempt, backoff);
      onFailure(error, attempt, delay);
      await signal.sleep(delay);
    }
  }
}
