import type { GlobalPosition, ReadAllPage, RecordedEvent, Subscription, SubscribeOptions } from './event-store.port';

/** A page of `$all`; `end`: it holds everything the log had after `from` when it was read, as far as this process knows. */
export type SubscriptionPage = ReadAllPage & { end?: boolean };

type Read = { page: SubscriptionPage } | { error: unknown };

/**
 * Catch-up-then-live subscription built on readAll pages. `listen` registers a wake-up
 * for new appends (in-process); a slow timer covers appends made by another process.
 * While it catches up, the next page is read while the subscriber works on this one: the
 * subscriber's work mostly waits (for a broker's acknowledgement, a write), and the log only
 * grows, so a page read early is still what the log holds there. Pages are handed over one
 * at a time, in order, as before.
 */
export function pollingSubscription(
  store: { readAll(from: GlobalPosition, maxCount: number): Promise<SubscriptionPage> },
  options: SubscribeOptions,
  listen: (wake: () => void) => () => void,
  idlePollMs = 500,
): Subscription {
  const batchSize = options.batchSize ?? 1000;
  let position = options.from;
  let stopped = false;
  let wake: () => void = () => undefined;
  let pending = false;
  const unlisten = listen(() => { pending = true; wake(); });

  const sleep = () => new Promise<void>((resolve) => {
    if (pending || stopped) return resolve();
    const timer = setTimeout(resolve, idlePollMs);
    wake = () => { clearTimeout(timer); resolve(); };
  });

  /** An append after this read wakes the loop (`pending`); one before it is in the page. */
  const read = (from: typeof position): Promise<Read> => {
    pending = false;
    return store.readAll(from, batchSize).then((page) => ({ page }), (error: unknown) => ({ error }));
  };
  /**
   * Read on the event loop's next turn, once the subscriber's work is under way (its request
   * on the wire): the SQLite adapter reads synchronously, and would otherwise read first.
   */
  const readSoon = (from: typeof position): Promise<Read> =>
    new Promise<void>((resolve) => setImmediate(resolve)).then(() => read(from));

  const loop = (async () => {
    let ahead: Promise<Read> | undefined;
    while (!stopped) {
      // No yield before reading: appends that arrived together were committed together, so
      // reading at once hands all of them to one batch, and their callers get answers sooner.
      const next = await (ahead ?? read(position));
      ahead = undefined;
      if ('error' in next) throw next.error;
      const { page } = next;
      if (stopped) break;
      if (page.events.length > 0) {
        const handled = options.onEvents(page.events as RecordedEvent[]);
        position = page.nextPosition;
        // A full page not known to end the log: the log likely goes on past it. (One that ends it
        // is not read past: a read made while the subscriber works would take the wake-up of an
        // append the subscriber makes, and the loop would then wait for the idle poll.)
        if (page.events.length >= batchSize && !page.end) ahead = readSoon(position);
        await handled;
        // The page reached the log's end: wait for the next append (at once if one came meanwhile).
        if (page.end) await sleep();
        continue;
      }
      await sleep();
    }
  })().catch((error) => {
    stopped = true;
    options.onError?.(error);
  });

  return {
    async stop() {
      stopped = true;
      wake();
      unlisten();
      await loop;
    },
  };
}
