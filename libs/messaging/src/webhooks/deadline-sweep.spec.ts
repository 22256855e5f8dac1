import { DeadlineSweep } from './deadline-sweep';

describe('The deadline sweep: one timer for every request in flight', () => {
  let now = 0;
  beforeEach(() => { jest.useFakeTimers(); now = 0; });
  afterEach(() => jest.useRealTimers());
  const step = (ms: number) => { now += ms; jest.advanceTimersByTime(ms); };

  it('given requests with different deadlines, then each expires at the first sweep after its own, once, and one answered in time never does', () => {
    const sweep = new DeadlineSweep(100, () => now);
    const expired: string[] = [];
    const request = (name: string, deadline: number) => ({ deadline, expire: () => expired.push(name) });
    const [a, b, c] = [request('a', 150), request('b', 320), request('c', 250)];
    [a, b, c].forEach((r) => sweep.watch(r));

    step(100);
    expect(expired).toEqual([]);
    step(100);
    expect(expired).toEqual(['a']);
    sweep.unwatch(c); // answered before its deadline
    step(100);
    expect(expired).toEqual(['a']);
    step(100);
    step(100);
    expect(expired).toEqual(['a', 'b']);
  });

  it('given nothing left to watch, then the timer stops at the next sweep, and starts again with the next request', () => {
    const sweep = new DeadlineSweep(100, () => now);
    const request = { deadline: 1000, expire: () => undefined };
    sweep.watch(request);
    sweep.unwatch(request);
    sweep.watch(request); // one after the other: the timer is kept
    expect(jest.getTimerCount()).toBe(1);
    sweep.unwatch(request);

    step(100);
    expect(jest.getTimerCount()).toBe(0);
    sweep.watch(request);
    expect(jest.getTimerCount()).toBe(1);
  });
});
