import type { SqliteDatabase } from '@tenancy/sqlite';
import type { LeaseClock, LeaseStore } from './lease-store.port';

/**
 * Leases in the embedded file, one row per name. The upsert only overwrites a row held by
 * the same owner or already expired; SQLite's write lock makes the check and the write one step.
 */
export class SqliteLeaseStore implements LeaseStore {
  private readonly statements;

  constructor(db: SqliteDatabase, private readonly now: LeaseClock = Date.now) {
    db.exec(`CREATE TABLE IF NOT EXISTS leases (
      name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID`);
    this.statements = {
      acquire: db.prepare<[string, string, number, number]>(`
        INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
        ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
        WHERE leases.owner = excluded.owner OR leases.expires_at < ?`),
      release: db.prepare<[string, string]>('DELETE FROM leases WHERE name = ? AND owner = ?'),
    };
  }

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return this.statements.acquire.run(name, owner, now + ttlMs, now).changes === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    this.statements.release.run(name, owner);
  }
}
