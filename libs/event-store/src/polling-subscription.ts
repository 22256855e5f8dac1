import type { EventStore, RecordedEvent, Subscription, SubscribeOptions } from './event-store.port';

/**
 * Catch-up-then-live subscription built on readAll pages. `listen` registers a wake-up
 * for new appends (in-process); a slow timer covers appends made by another process.
 */
export function pollingSubscription(
  store: Pick<EventStore, 'readAll'>,
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

  const loop = (async () => {
    while (!stopped) {
      // No yield before reading: appends that arrived together were committed together, so
      // reading at once hands all of them to one batch, and their callers get answers sooner.
      pending = false;
      const page = await store.readAll(position, batchSize);
      if (stopped) break;
      if (page.events.length > 0) {
        await options.onEvents(page.events as RecordedEvent[]);
        position = page.nextPosition;
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
