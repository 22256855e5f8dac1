import { backoffDelay, retry, StopSignal, Stopped } from './retry';

const quick = { baseMs: 1, maxMs: 4 };

describe('retry', () => {
  it('given an operation failing three times, then it is tried until it succeeds', async () => {
    let calls = 0;
    const failures: number[] = [];
    const result = await retry(async () => {
      calls += 1;
      if (calls <= 3) throw new Error(`down ${calls}`);
      return 'acked';
    }, { backoff: quick, onFailure: (_error, attempt) => failures.push(attempt) });
    expect(result).toBe('acked');
    expect(failures).toEqual([1, 2, 3]);
  });

  it('given a stop while an attempt hangs, then it gives up at once with Stopped', async () => {
    const signal = new StopSignal();
    const pending = retry(() => new Promise<never>(() => undefined), { backoff: quick, signal });
    signal.stop();
    await expect(pending).rejects.toBeInstanceOf(Stopped);
  });

  it('given a stop during the backoff, then no further attempt is made', async () => {
    const signal = new StopSignal();
    let calls = 0;
    const pending = retry(async () => { calls += 1; throw new Error('down'); }, { backoff: { baseMs: 60_000, maxMs: 60_000 }, signal });
    await new Promise((resolve) => setImmediate(resolve));
    signal.stop();
    await expect(pending).rejects.toBeInstanceOf(Stopped);
    expect(calls).toBe(1);
  });

  it('given a limit of three attempts and an operation that keeps failing, then the third error is thrown', async () => {
    let calls = 0;
    await expect(retry(async () => { calls += 1; throw new Error(`down ${calls}`); }, { backoff: quick, attempts: 3 }))
      .rejects.toThrow('down 3');
    expect(calls).toBe(3);
  });

  it('given an error not worth retrying, then it is thrown at once', async () => {
    let calls = 0;
    const policy = { backoff: quick, retryOn: (error: unknown) => (error as Error).message !== 'refused' };
    await expect(retry(async () => { calls += 1; throw new Error('refused'); }, policy)).rejects.toThrow('refused');
    expect(calls).toBe(1);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base, stays within the cap and never reaches zero', () => {
    const options = { baseMs: 200, maxMs: 5000 };
    expect([1, 2, 3, 10].map((a) => backoffDelay(a, options, () => 0))).toEqual([100, 200, 400, 2500]);
    expect(backoffDelay(10, options, () => 1)).toBe(5000);
  });
});
