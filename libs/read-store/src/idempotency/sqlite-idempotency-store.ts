import type { SqliteDatabase } from '@tenancy/sqlite';
import type { IdempotencyStore, RecordedOutcome } from './idempotency-store.port';

/** How often a save also sweeps expired outcomes, and how many one sweep deletes at most. */
export const SWEEP = { everySaves: 100, atMost: 1000 };

/**
 * Outcomes in the embedded file. Expired ones are deleted by later saves, a bounded batch every
 * hundred saves (ten deletions for every new outcome, so a backlog drains), through an index on
 * the expiry; their pages go to SQLite's free list and the next outcomes reuse them, so a steady
 * rate of keyed requests keeps the table at about one day's worth. An answer may hold personal
 * data (sealed under SERVER_KEY), which must not outlive its use either.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly statements;
  private readonly saveInTransaction: (key: string, outcome: string, now: string, expiresAt: string) => void;
  private saves = 0;

  constructor(private readonly db: SqliteDatabase, private readonly sweep = SWEEP) {
    db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      key TEXT PRIMARY KEY, outcome TEXT NOT NULL, expires_at TEXT NOT NULL) WITHOUT ROWID`);
    db.exec('CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency (expires_at)');
    this.statements = {
      find: db.prepare<[string, string], { outcome: string }>('SELECT outcome FROM idempotency WHERE key = ? AND expires_at > ?'),
      deleteExpired: db.prepare('DELETE FROM idempotency WHERE key = ? AND expires_at <= ?'),
      insert: db.prepare('INSERT OR IGNORE INTO idempotency (key, outcome, expires_at) VALUES (?, ?, ?)'),
      sweep: db.prepare(`DELETE FROM idempotency WHERE key IN (
        SELECT key FROM idempotency WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)`),
    };
    this.saveInTransaction = db.transaction((key: string, outcome: string, now: string, expiresAt: string) => {
      this.statements.deleteExpired.run(key, now);
      this.statements.insert.run(key, outcome, expiresAt);
      if (this.saves++ % this.sweep.everySaves === 0) this.statements.sweep.run(now, this.sweep.atMost);
    });
  }

  async find(key: string, now: Date): Promise<RecordedOutcome | null> {
    const row = this.statements.find.get(key, now.toISOString());
    return row ? JSON.parse(row.outcome) : null;
  }

  async save(key: string, outcome: RecordedOutcome, { now, expiresAt }: { now: Date; expiresAt: Date }): Promise<void> {
    this.saveInTransaction(key, JSON.stringify(outcome), now.toISOString(), expiresAt.toISOString());
  }
}
