import type { GlobalPosition, ReadAllPage, RecordedEvent } from '../event-store.port';
import { resumableSubscription, type ResumableSubscriptionDeps } from './resumable-subscription';

const ev = (n: number): RecordedEvent =>
  ({ id: `e${n}`, type: `E${n}`, streamName: 's', revision: BigInt(n), position: BigInt(n * 10), data: {}, metadata: {} });

function deps(log: RecordedEvent[], overrides: Partial<ResumableSubscriptionDeps> = {}) {
  const reads: GlobalPosition[] = [];
  const wakes = new Set<() => void>();
  const base: ResumableSubscriptionDeps = {
    async readPage(from, maxCount): Promise<ReadAllPage> {
      reads.push(from);
      const events = log.filter((e) => e.position > from).slice(0, maxCount);
      return { events, nextPosition: events.length ? events[events.length - 1].position : from };
    },
    listen(wake) { wakes.add(wake); return () => wakes.delete(wake); },
    isTransient: () => false,
    idlePollMs: 60_000,
    retry: { baseMs: 1, maxMs: 2 },
  };
  return { deps: { ...base, ...overrides }, reads, wake: () => wakes.forEach((w) => w()), wakes };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not met in time');
};

describe('resumableSubscription', () => {
  it('delivers batches strictly after `from`, in order, one handler call at a time', async () => {
    const log = [1, 2, 3, 4, 5].map(ev);
    const { deps: d } = deps(log);
    const batches: string[][] = [];
    let running = 0;
    let overlapped = false;
    const subscription = resumableSubscription(d, {
      from: 10n, batchSize: 2,
      onEvents: async (events) => {
        overlapped ||= running > 0;
        running += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        batches.push(events.map((e) => e.type));
        running -= 1;
      },
    });
    await until(() => batches.length === 2);
    await subscription.stop();
    expect(batches).toEqual([['E2', 'E3'], ['E4', 'E5']]);
    expect(overlapped).toBe(false);
  });

  it('reads again when woken and goes live from the last delivered position', async () => {
    const log = [ev(1)];
    const { deps: d, reads, wake } = deps(log);
    const received: string[] = [];
    const subscription = resumableSubscription(d, { from: 0n, onEvents: async (events) => { received.push(...events.map((e) => e.type)); } });
    await until(() => received.length === 1);
    log.push(ev(2));
    wake();
    await until(() => received.length === 2);
    await subscription.stop();
    expect(received).toEqual(['E1', 'E2']);
    expect(reads[0]).toBe(0n);
    expect(reads).toContain(10n);
    expect([...reads].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(reads);
  });

  it('retries transient read failures from the same position', async () => {
    const log = [ev(1), ev(2)];
    let failures = 2;
    const { deps: d, reads } = deps(log, { isTransient: (e) => e instanceof Error && e.message === 'unavailable' });
    const read = d.readPage;
    d.readPage = async (from, max) => {
      if (from === 10n && failures > 0) { failures -= 1; reads.push(from); throw new Error('unavailable'); }
      return read(from, max);
    };
    const received: string[] = [];
    const subscription = resumableSubscription(d, { from: 0n, batchSize: 1, onEvents: async (events) => { received.push(...events.map((e) => e.type)); } });
    await until(() => received.length === 2);
    await subscription.stop();
    expect(received).toEqual(['E1', 'E2']);
    expect(reads.filter((p) => p === 10n).length).toBeGreaterThanOrEqual(3);
  });

  it('ends with onError on a non-transient failure and stops listening', async () => {
    const failure = new Error('access denied');
    const onError = jest.fn();
    const { deps: d, wakes } = deps([], { readPage: async () => { throw failure; } });
    const subscription = resumableSubscription(d, { from: 0n, onEvents: async () => undefined, onError });
    await until(() => onError.mock.calls.length === 1);
    expect(onError).toHaveBeenCalledWith(failure);
    expect(wakes.size).toBe(0);
    await subscription.stop();
  });

  it('stop() waits for the handler in flight, and does not wait for a hung read', async () => {
    let release!: () => void;
    let entered = false;
    let finished = false;
    const { deps: d } = deps([ev(1)]);
    const subscription = resumableSubscription(d, {
      from: 0n,
      onEvents: async () => {
        entered = true;
        await new Promise<void>((resolve) => (release = resolve));
        finished = true;
      },
    });
    await until(() => entered);
    const stopped = subscription.stop();
    setTimeout(() => release(), 10);
    await stopped;
    expect(finished).toBe(true);

    const hung = deps([], { readPage: () => new Promise<ReadAllPage>(() => undefined) });
    const hungSubscription = resumableSubscription(hung.deps, { from: 0n, onEvents: async () => undefined });
    await expect(hungSubscription.stop()).resolves.toBeUndefined();
    expect(hung.wakes.size).toBe(0);
  });
});
