import { InFlightLimiter } from './in-flight-limiter';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('InFlightLimiter', () => {
  it('runs at most `limit` operations at once and starts the others in arrival order', async () => {
    const limiter = new InFlightLimiter(2);
    const gates = Array.from({ length: 5 }, () => deferred());
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const runs = gates.map((gate, i) => limiter.run(async () => {
      started.push(i);
      running += 1;
      peak = Math.max(peak, running);
      await gate.promise;
      running -= 1;
      return i;
    }));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(3);
    gates[1].resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((gate) => gate.resolve());
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(limiter.inFlight).toBe(0);
  });

  it('frees the slot when an operation fails', async () => {
    const limiter = new InFlightLimiter(1);
    await expect(limiter.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(limiter.inFlight).toBe(0);
    expect(await limiter.run(async () => 'next')).toBe('next');
  });

  it('rejects a limit below 1', () => {
    expect(() => new InFlightLimiter(0)).toThrow(RangeError);
  });
});
