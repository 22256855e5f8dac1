import { openDatabase } from '@tenancy/sqlite';
import { idempotencyStoreContract } from './idempotency-store.contract';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';

idempotencyStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteIdempotencyStore(db), dispose: async () => { db.close(); } };
});

describe('SqliteIdempotencyStore sweeping', () => {
  it('given expired outcomes, when enough saves come, then every expired outcome is deleted and live ones stay', async () => {
    const db = openDatabase(':memory:');
    try {
      const store = new SqliteIdempotencyStore(db);
      const outcome = { requestHash: 'h', status: 201, headers: {}, sealedBody: 'sealed' };
      const t = (minutes: number) => new Date(Date.parse('2026-11-22T10:00:00Z') + minutes * 60_000);
      for (let i = 0; i < 100; i++) await store.save(`old-${i}`, outcome, { now: t(0), expiresAt: t(1) });
      await store.save('live', outcome, { now: t(0), expiresAt: t(60) });
      for (let i = 0; i < 99; i++) await store.save(`new-${i}`, outcome, { now: t(2), expiresAt: t(60) });
      const count = () => (db.prepare("SELECT count(*) AS n FROM idempotency WHERE key LIKE 'old-%'").get() as { n: number }).n;
      expect(count()).toBe(100);

      await store.save('one-more', outcome, { now: t(2), expiresAt: t(60) });

      expect(count()).toBe(0);
      expect(await store.find('live', t(2))).toEqual(outcome);
    } finally {
      db.close();
    }
  });
});
