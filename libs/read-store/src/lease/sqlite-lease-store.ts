import type { SqliteDatabase } from '@tenancy/sqlite';
import type { LeaseClock, LeaseStore } from './lease-store.port';

/**
 * Leases in the embedded file, one row per name. The upsert only overwrites a row held by
 * the same owner or already expired; SQLite's write lock makes the check and the write one step.
 * The row outlives a release (owner '' and long expired) so that its epoch only ever grows.
 */
export class SqliteLeaseStore implements LeaseStore {
  private readonly statements;

  constructor(db: SqliteDatabase, private readonly now: LeaseClock = Date.now) {
    db.exec(`CREATE TABLE IF NOT EXISTS leases (
      name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL, epoch INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID`);
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('leases')").all();
    if (!columns.some((column) => column.name === 'epoch')) db.exec('ALTER TABLE leases ADD COLUMN epoch INTEGER NOT NULL DEFAULT 1');
    this.statements = {
      // A renewal (same owner, not yet expired) keeps the epoch; any other grant raises it.
      acquire: db.prepare<{ name: string; owner: string; expiresAt: number; now: number }, { epoch: number }>(`
        INSERT INTO leases (name, owner, expires_at, epoch) VALUES (:name, :owner, :expiresAt, 1)
        ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
          epoch = leases.epoch + (leases.owner <> excluded.owner OR leases.expires_at < :now)
        WHERE leases.owner = excluded.owner OR leases.expires_at < :now
        RETURNING epoch`),
      release: db.prepare<[string, string]>("UPDATE leases SET owner = '', expires_at = -1 WHERE name = ? AND owner = ?"),
      holder: db.prepare<[string, number], { owner: string }>("SELECT owner FROM leases WHERE name = ? AND owner <> '' AND expires_at >= ?"),
    };
  }

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<number | null> {
    const now = this.now();
    return this.statements.acquire.get({ name, owner, expiresAt: now + ttlMs, now })?.epoch ?? null;
  }

  async release(name: string, owner: string): Promise<void> {
    this.statements.release.run(name, owner);
  }

  async holder(name: string): Promise<string | null> {
    return this.statements.holder.get(name, this.now())?.owner ?? null;
  }
}
