import type { SqliteDatabase } from '@tenancy/sqlite';
import { snapshotBody, type Snapshot, type SnapshotStore } from './snapshot-store.port';

/** Snapshots in the embedded file, one row per stream (SQLite's secure_delete overwrites forgotten ones). */
export class SqliteSnapshotStore implements SnapshotStore {
  private readonly statements;

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
    if (!row) return null;
    const { state, commands } = JSON.parse(row.body) as Pick<Snapshot, 'state' | 'commands'>;
    return { stream, shape: row.shape, revision: BigInt(row.revision), state, commands };
  }

  async put(snapshot: Snapshot): Promise<void> {
    this.statements.put.run(snapshot.stream, snapshot.shape, Number(snapshot.revision), snapshotBody(snapshot));
  }

  async forget(stream: string): Promise<void> {
    this.statements.forget.run(stream);
  }

  async forgetAll(): Promise<void> {
    this.statements.forgetAll.run();
  }
}
