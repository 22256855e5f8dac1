import type { SqliteDatabase } from '@tenancy/sqlite';
import { StaleEpoch } from '../read-store.port';

/** Raises the file's writer fence to `epoch`, or throws StaleEpoch; call it inside the write's own transaction. */
export type SqliteFence = (epoch: number | undefined) => void;

/**
 * The newest lease epoch any fenced write to the embedded file carried (one row in `rm_fence`),
 * shared by every store in the file (read models, webhook deliveries): each fenced write raises
 * it in its own transaction and is refused, before it changes anything, when a newer epoch has
 * written (docs/adr/0003-single-active-projector.md). An unfenced write (no epoch) passes.
 */
export function sqliteFence(db: SqliteDatabase): SqliteFence {
  db.exec('CREATE TABLE IF NOT EXISTS rm_fence (name TEXT PRIMARY KEY, epoch INTEGER NOT NULL) WITHOUT ROWID');
  const raise = db.prepare<[number]>(`INSERT INTO rm_fence (name, epoch) VALUES ('writers', ?)
    ON CONFLICT(name) DO UPDATE SET epoch = excluded.epoch WHERE excluded.epoch >= rm_fence.epoch`);
  const read = db.prepare<[], { epoch: number }>("SELECT epoch FROM rm_fence WHERE name = 'writers'");
  return (epoch) => {
    if (epoch !== undefined && raise.run(epoch).changes === 0) throw new StaleEpoch(epoch, read.get()!.epoch);
  };
}
