import type { SqliteDatabase } from '@tenancy/sqlite';
import type { IdempotencyStore, RecordedOutcome } from './idempotency-store.port';

export class SqliteIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: SqliteDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      key TEXT PRIMARY KEY, outcome TEXT NOT NULL, expires_at TEXT NOT NULL) WITHOUT ROWID`);
  }

  async find(key: string, now: Date): Promise<RecordedOutcome | null> {
    const row = this.db.prepare<[string, string], { outcome: string }>(
      'SELECT outcome FROM idempotency WHERE key = ? AND expires_at > ?').get(key, now.toISOString());
    return row ? JSON.parse(row.outcome) : null;
  }

  async save(key: string, outcome: RecordedOutcome, { now, expiresAt }: { now: Date; expiresAt: Date }): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM idempotency WHERE key = ? AND expires_at <= ?').run(key, now.toISOString());
      this.db.prepare('INSERT OR IGNORE INTO idempotency (key, outcome, expires_at) VALUES (?, ?, ?)')
        .run(key, JSON.stringify(outcome), expiresAt.toISOString());
    })();
  }
}
