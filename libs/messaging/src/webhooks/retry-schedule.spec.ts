import { afterAttempt, RETRY_DELAYS_MS } from './retry-schedule';

describe('The retry schedule', () => {
  const now = new Date('2026-11-22T10:00:00.000Z');
  const waitAfter = (attempts: number, random: number) => Date.parse(afterAttempt(false, attempts, now, () => random).nextAttemptAt) - now.getTime();

  it('given a success, then the message is delivered', () => {
    expect(afterAttempt(true, 3, now)).toEqual({ status: 'delivered', nextAttemptAt: now.toISOString() });
  });

  it('given failures, then the waits are about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, each within ±10 %', () => {
    expect(RETRY_DELAYS_MS.map((ms) => ms / 1000)).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 50_400]);
    RETRY_DELAYS_MS.forEach((ms, i) => {
      expect(waitAfter(i + 1, 0)).toBe(ms * 0.9);
      expect(waitAfter(i + 1, 0.5)).toBe(ms);
      expect(waitAfter(i + 1, 0.999_999)).toBeLessThanOrEqual(ms * 1.1);
    });
  });

  it('given the eighth failure, then the message is failed', () => {
    expect(afterAttempt(false, 8, now).status).toBe('failed');
    expect(afterAttempt(false, 7, now).status).toBe('pending');
  });
});
