import { RandomPool } from './random-pool';

describe('random pool', () => {
  it('given many draws across several refills, then each has the length asked for and no two are alike', () => {
    const pool = new RandomPool();

    const draws = Array.from({ length: 1000 }, () => pool.bytes(32).toString('hex'));

    expect(draws.every((hex) => hex.length === 64)).toBe(true);
    expect(new Set(draws).size).toBe(draws.length);
  });

  it('given a draw, when more are taken, then the bytes already handed out do not change', () => {
    const pool = new RandomPool();
    const first = pool.bytes(32);
    const copy = Buffer.from(first);

    for (let i = 0; i < 300; i++) pool.bytes(32);

    expect(first.equals(copy)).toBe(true);
  });

  it('given a draw larger than the pool, then it is still served in full', () => {
    expect(new RandomPool().bytes(10_000)).toHaveLength(10_000);
  });
});
