import Database from 'better-sqlite3';
import { createPrivately, isSqliteBusy } from './open-database';

/** `exclusive`: no one else may hold it; `shared`: others may, as long as they share it too. */
export type LockMode = 'exclusive' | 'shared';

export interface HeldLock {
  release(): void;
}

/**
 * A lock on `file` that the operating system drops when the process ends, however it ends
 * (`kill -9` included), so a crash never leaves it behind: SQLite's own lock on a database file
 * (POSIX advisory locks) held by a transaction left open. `exclusive` is `BEGIN EXCLUSIVE`;
 * `shared` a read transaction, which SQLite lets many connections hold at once but not beside an
 * exclusive one. Connections in one process contend like processes do (SQLite tracks its locks
 * per file). Never waits: null when another holder is in the way.
 *
 * Nothing else in the process may open `file` and close it again: closing any descriptor of a
 * file drops the process's POSIX locks on it. SQLite's own connections know that and keep theirs.
 */
export function tryLockFile(file: string, mode: LockMode): HeldLock | null {
  createPrivately(file);
  const db = new Database(file, { timeout: 0 });
  try {
    if (mode === 'exclusive') {
      db.exec('BEGIN EXCLUSIVE');
    } else {
      db.exec('BEGIN');
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
    }
  } catch (error) {
    db.close();
    if (isSqliteBusy(error)) return null;
    throw error;
  }
  held.add(db);
  return {
    release() {
      if (!held.delete(db)) return;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

/** The connections holding locks: a connection no longer referenced would be closed by the garbage collector, and its lock dropped. */
const held = new Set<Database.Database>();
