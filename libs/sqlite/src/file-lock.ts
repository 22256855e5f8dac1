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
  release(options?: ReleaseOptions): void;
}

export interface ReleaseOptions {
  /** And removes the lock file as well when this hold made it and no one else holds it by then. */
  removeMade?: boolean;
  /**
   * Runs while no one else holds the lock, before letting go (held by another by then: not run),
   * so that what it removes is no other holder's: the files a refused start made beside it.
   */
  whileAlone?: () => void;
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
      release({ removeMade = false, whileAlone } = {}) {
        if (!held.delete(db)) return;
        db.exec('ROLLBACK');
        const remove = made && removeMade;
        if (remove || whileAlone) {
          alone(db, () => {
            whileAlone?.();
            if (remove) rmSync(file, { force: true });
          });
        }
        db.close();
      },
    };
  }
}

/**
 * Runs `work` (removing the lock file among it) while holding the lock alone, so no process holds
 * it meanwhile; one that opened the file just before locks a file no longer at its path, sees so,
 * and starts over (tryLockFile). Held by another: it is in use, and nothing is done.
 */
function alone(db: Database.Database, work: () => void): void {
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    if (isSqliteBusy(error)) return;
    throw error;
  }
  try {
    work();
  } finally {
    db.exec('ROLLBACK');
  }
}

/** The connections holding locks: a connection no longer referenced would be closed by the garbage collector, and its lock dropped. */
const held = new Set<Database.Database>();
