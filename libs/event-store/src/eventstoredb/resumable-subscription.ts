import type { GlobalPosition, ReadAllPage, Subscription, SubscribeOptions } from '../event-store.port';
import { backoffDelay, type Backoff } from '@tenancy/resilience';

export interface ResumableSubscriptionDeps {
  /** One page of `$all` strictly after `from` (the adapter's readAll). */
  readPage(from: GlobalPosition, maxCount: number): Promise<ReadAllPage>;
  /** Registers a wake-up for new events; returns the unregister function. */
  listen(wake: () => void): () => void;
  /** Read failures that are retried (with backoff, for as long as it takes) instead of ending delivery. */
  isTransient(error: unknown): boolean;
  /** Poll interval when idle: covers wake-ups lost while the live subscription was down. */
  idlePollMs: number;
  retry: Backoff;
}

const noop = () => undefined;

/**
 * Catch-up-then-live delivery driven by `$all` pages. The position only moves after the
 * handler has returned, so after any read failure (dropped connection, leader change) the
 * next read resumes strictly after the last delivered event. Memory is bounded by one page.
 */
export function resumableSubscription(deps: ResumableSubscriptionDeps, options: SubscribeOptions): Subscription {
  const batchSize = options.batchSize ?? 1000;
  let position = options.from;
  let stopped = false;
  let pending = false;
  let wakeIdle: () => void = noop;
  let cancelPause: () => void = noop;
  let signalStop: () => void = noop;
  const stopping = new Promise<void>((resolve) => (signalStop = resolve));

  const unregister = deps.listen(() => {
    pending = true;
    wakeIdle();
  });
  let listening = true;
  const unlisten = () => {
    if (listening) unregister();
    listening = false;
  };

  /** Waits `ms`; stop() always ends the wait early, a wake-up only if `wakeable`. */
  const pause = (ms: number, wakeable: boolean) => new Promise<void>((resolve) => {
    if (stopped || (wakeable && pending)) return resolve();
    const finish = () => {
      clearTimeout(timer);
      wakeIdle = noop;
      cancelPause = noop;
      resolve();
    };
    const timer = setTimeout(finish, ms);
    cancelPause = finish;
    if (wakeable) wakeIdle = finish;
  });

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      pending = false;
      let page: ReadAllPage | undefined;
      try {
        const read = deps.readPage(position, batchSize);
        read.catch(noop); // may settle after stop() stopped waiting for it
        page = await Promise.race([read, stopping.then(() => undefined)]);
        failures = 0;
      } catch (error) {
        if (stopped) break;
        if (!deps.isTransient(error)) throw error;
        failures += 1;
        await pause(backoffDelay(failures, deps.retry), false);
        continue;
      }
      if (stopped || !page) break;
      if (page.events.length > 0) await options.onEvents(page.events);
      if (page.nextPosition > position) position = page.nextPosition;
      if (page.events.length === 0) await pause(deps.idlePollMs, true);
    }
  })().catch((error) => {
    stopped = true;
    unlisten();
    options.onError?.(error);
  });

  return {
    async stop() {
      stopped = true;
      unlisten();
      signalStop();
      cancelPause();
      await loop;
    },
  };
}
