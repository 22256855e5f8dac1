import { InFlightLimiter, backoffDelay, retryWithBackoff } from './backpressure';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('backoffDelay', () => {
  const options = { baseMs: 100, maxMs: 1_000 };

  it('doubles per attempt up to the cap, with half of it jittered', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, options, () => 1))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, options, () => 0))).toEqual([50, 100, 200]);
  });
});

describe('retryWithBackoff', () => {
  const busy = Object.assign(new Error('8 RESOURCE_EXHAUSTED'), { code: 8 });

  it('retries the errors it is told to, with growing delays, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await retryWithBackoff(async () => {
      calls += 1;
      if (calls < 3) throw busy;
      return 'ok';
    }, { attempts: 5, baseMs: 10, maxMs: 100, shouldRetry: (e) => e === busy, sleep: async (ms) => { delays.push(ms); }, random: () => 1 });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([10, 20]);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    await expect(retryWithBackoff(async () => { calls += 1; throw busy; },
      { attempts: 4, baseMs: 1, maxMs: 1, shouldRetry: () => true, sleep: async () => undefined })).rejects.toBe(busy);
    expect(calls).toBe(4);
  });

  it('does not retry other errors', async () => {
    const other = new Error('wrong expected version');
    let calls = 0;
    await expect(retryWithBackoff(async () => { calls += 1; throw other; },
      { attempts: 4, baseMs: 1, maxMs: 1, shouldRetry: (e) => e === busy, sleep: async () => undefined })).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});

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
