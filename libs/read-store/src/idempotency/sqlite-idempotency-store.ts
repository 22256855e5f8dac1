import type { SqliteDatabase } from '@tenancy/sqlite';
import type { IdempotencyStore, RecordedOutcome } from './idempotency-store.port';

const SWEEP_EVERY = 100;

/**
 * Outcomes in the embedded file. Every hundredth save also deletes every expired outcome: an
 * answer may hold personal data (sealed under SERVER_KEY), which must not outlive its use.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private saves = 0;

  constructor(private readonly db: SqliteDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      key TEXT PRIMARY KEY, outcome TEXT NOT NULL, expires_at TEXT NOT NULL) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS idempotency_expires_at ON idempotency (expires_at)`);
  }

  async find(key: string, now: Date): Promise<RecordedOutcome | null> {
    const row = this.db.prepare<[string, string], { outcome: string }>(
      'SELECT outcome FROM idempotency WHERE key = ? AND expires_at > ?').get(key, now.toISOString());
    return row ? JSON.parse(row.outcome) : null;
  }

  async save(key: string, outcome: RecordedOutcome, { now, expiresAt }: { now: Date; expiresAt: Date }): Promise<void> {
    const sweep = this.saves++ % SWEEP_EVERY === 0;
    this.db.transaction(() => {
      if (sweep) this.db.prepare('DELETE FROM idempotency WHERE expires_at <= ?').run(now.toISOString());
      else this.db.prepare('DELETE FROM idempotency WHERE key = ? AND expires_at <= ?').run(key, now.toISOString());
      this.db.prepare('INSERT OR IGNORE INTO idempotency (key, outcome, expires_at) VALUES (?, ?, ?)')
        .run(key, JSON.stringify(outcome), expiresAt.toISOString());
    })();
  }
}
