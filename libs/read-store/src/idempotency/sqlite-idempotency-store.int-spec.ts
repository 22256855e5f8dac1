import { openDatabase } from '@tenancy/sqlite';
import { idempotencyStoreContract } from './idempotency-store.contract';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';

idempotencyStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteIdempotencyStore(db), dispose: async () => { db.close(); } };
});

describe('SqliteIdempotencyStore sweeping', () => {
  const outcome = { requestHash: 'h', status: 201, headers: {}, sealedBody: 'x'.repeat(500) };
  const day = 24 * 60 * 60 * 1000;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const at = (days: number) => new Date(now.getTime() + days * day);

  it('given a day of outcomes that have expired, when the next day saves as many, then the old rows are gone and the file did not grow', async () => {
    const db = openDatabase(':memory:');
    const store = new SqliteIdempotencyStore(db, { everySaves: 10, atMost: 50 });
    const rows = () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM idempotency').get()!.n;
    const pages = () => db.pragma('page_count', { simple: true }) as number;
    for (let i = 0; i < 2000; i++) await store.save(`day1-${i}`, outcome, { now, expiresAt: at(1) });
    const pagesAfterDayOne = pages();

    for (let i = 0; i < 2000; i++) await store.save(`day2-${i}`, outcome, { now: at(2), expiresAt: at(3) });

    expect(rows()).toBe(2000);
    expect(db.prepare('SELECT count(*) AS n FROM idempotency WHERE key LIKE ?').get('day1-%')).toEqual({ n: 0 });
    expect(pages()).toBeLessThanOrEqual(pagesAfterDayOne * 1.1);
    db.close();
  });

  it('given outcomes still live, when many more saves come, then none of them is swept', async () => {
    const db = openDatabase(':memory:');
    const store = new SqliteIdempotencyStore(db, { everySaves: 1, atMost: 50 });
    for (let i = 0; i < 100; i++) await store.save(`live-${i}`, outcome, { now, expiresAt: at(1) });
    for (let i = 0; i < 100; i++) await store.save(`more-${i}`, outcome, { now: at(0.5), expiresAt: at(1.5) });
    expect(await store.find('live-0', at(0.5))).toEqual(outcome);
    expect(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM idempotency').get()!.n).toBe(200);
    db.close();
  });
});
