import { openDatabase } from '@tenancy/sqlite';
import { leaseStoreContract } from './lease-store.contract';
import { SqliteLeaseStore } from './sqlite-lease-store';

leaseStoreContract('SQLite (embedded)', async (clock) => {
  const db = openDatabase(':memory:');
  return { store: new SqliteLeaseStore(db, clock), dispose: async () => { db.close(); } };
});

describe('SqliteLeaseStore on a file of an earlier version (no epochs)', () => {
  it('given a held lease from before epochs, when the holder renews and another takes over later, then epochs start and grow', async () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID');
    let now = Date.parse('2026-11-22T10:00:00Z');
    db.prepare('INSERT INTO leases VALUES (?, ?, ?)').run('tenancy-projector', 'old', now + 15_000);
    const store = new SqliteLeaseStore(db, () => now);

    const renewed = await store.tryAcquire('tenancy-projector', 'old', 15_000);
    now += 16_000;
    const taken = await store.tryAcquire('tenancy-projector', 'new', 15_000);

    expect(renewed).toBe(1);
    expect(taken).toBe(2);
    db.close();
  });
});
