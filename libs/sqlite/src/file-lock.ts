import Database from 'better-sqlite3';
import { rmSync, statSync } from 'node:fs';
import { createPrivately, isSqliteBusy } from './open-database';

/** `exclusive`: no one else may hold it; `shared`: others may, as long as they share it too. */
export type LockMode = 'exclusive' | 'shared';

export interface HeldLock {
  /**
   * Lets go. `removeMade`: and removes the file as well when this hold made it and no one else
   * holds it by then, so a process refused after taking it leaves the folder as it found it.
   */
  release(options?: { removeMade?: boolean }): void;
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
  for (;;) {
    const made = createPrivately(file);
    const opened = statSync(file).ino;
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
    // The file may have been removed (see removeIfAlone) between opening it and locking it: this
    // lock is then on a file no longer at this path, which the next process would not see. Again.
    if (statSync(file, { throwIfNoEntry: false })?.ino !== opened) {
      db.exec('ROLLBACK');
      db.close();
      continue;
    }
    held.add(db);
    return {
      release({ removeMade = false } = {}) {
        if (!held.delete(db)) return;
        db.exec('ROLLBACK');
        if (made && removeMade) removeIfAlone(db, file);
        db.close();
      },
    };
  }
}

/**
 * Removes the lock file while holding it alone, so no process holds it meanwhile; one that opened
 * it just before locks a file no longer at its path, sees so, and starts over (tryLockFile).
 * Held by another: it is in use, and stays.
 */
function removeIfAlone(db: Database.Database, file: string): void {
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    if (isSqliteBusy(error)) return;
    throw error;
  }
  try {
    rmSync(file, { force: true });
  } finally {
    db.exec('ROLLBACK');
  }
}

/** The connections holding locks: a connection no longer referenced would be closed by the garbage collector, and its lock dropped. */
const held = new Set<Database.Database>();
