import type { SqliteDatabase } from '@tenancy/sqlite';
import { snapshotBody, type Snapshot, type SnapshotStore } from './snapshot-store.port';

/** How many streams' parsed snapshots are kept in memory (the busiest: the last ones read). */
const PARSED_KEPT = 64;

/** Snapshots in the embedded file, one row per stream (SQLite's secure_delete overwrites forgotten ones). */
export class SqliteSnapshotStore implements SnapshotStore {
  private readonly statements;
  /**
   * The last body parsed per stream, with what it parsed to. A long stream's body (its state
   * and up to 1,000 command ids) took most of a command's time to parse, again on every command
   * between two snapshots. A body read again that is the same text gives the same snapshot, so
   * it is parsed once; any change, by this process or another (a newer snapshot, one rewritten
   * after an erasure), is a different text and is parsed. Kept frozen: loading folds new state
   * from it and must never change it.
   */
  private readonly parsed = new Map<string, { body: string; snapshot: Snapshot }>();

  constructor(db: SqliteDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS snapshots (
      stream TEXT PRIMARY KEY, shape TEXT NOT NULL, revision INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID`);
    this.statements = {
      get: db.prepare<[string], { shape: string; revision: number; body: string }>('SELECT shape, revision, body FROM snapshots WHERE stream = ?'),
      put: db.prepare(`INSERT INTO snapshots (stream, shape, revision, body) VALUES (?, ?, ?, ?)
        ON CONFLICT (stream) DO UPDATE SET shape = excluded.shape, revision = excluded.revision, body = excluded.body
        WHERE excluded.revision > snapshots.revision OR excluded.shape <> snapshots.shape`),
      forget: db.prepare('DELETE FROM snapshots WHERE stream = ?'),
      forgetAll: db.prepare('DELETE FROM snapshots'),
    };
  }

  async get(stream: string): Promise<Snapshot | null> {
    const row = this.statements.get.get(stream);
    const kept = this.parsed.get(stream);
    this.parsed.delete(stream);
    if (!row) return null;
    if (kept && kept.body === row.body && kept.snapshot.shape === row.shape && kept.snapshot.revision === BigInt(row.revision)) {
      this.parsed.set(stream, kept);
      return kept.snapshot;
    }
    const { state, commands } = JSON.parse(row.body) as Pick<Snapshot, 'state' | 'commands'>;
    const snapshot = deepFreeze({ stream, shape: row.shape, revision: BigInt(row.revision), state, commands });
    this.parsed.set(stream, { body: row.body, snapshot });
    if (this.parsed.size > PARSED_KEPT) this.parsed.delete(this.parsed.keys().next().value!);
    return snapshot;
  }

  async put(snapshot: Snapshot): Promise<void> {
    this.statements.put.run(snapshot.stream, snapshot.shape, Number(snapshot.revision), snapshotBody(snapshot));
  }

  async forget(stream: string): Promise<void> {
    this.parsed.delete(stream);
    this.statements.forget.run(stream);
  }

  async forgetAll(): Promise<void> {
    this.parsed.clear();
    this.statements.forgetAll.run();
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
