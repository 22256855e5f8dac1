import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

/** How a connection reads the file: through a map of it and a page cache of this many KiB. */
export interface ConnectionUse {
  mapsFile: boolean;
  pageCacheKiB: number;
}

/** The serving connection: commands, queries and projections, whose hot pages stay mapped and cached. */
export const SERVING: ConnectionUse = { mapsFile: true, pageCacheKiB: 65_536 };

/**
 * Long reads that go through a whole history once (exports): a map of the file would make the
 * process's resident memory grow with the file's size (up to the map's 256 MiB) and a big cache
 * would evict the serving connection's hot pages, so neither; the kernel's own cache still serves
 * the reads (bench: export section).
 */
export const BULK_READS: ConnectionUse = { mapsFile: false, pageCacheKiB: 8_192 };

/**
 * Opens the embedded database: one file holds events, read models and checkpoints,
 * so a projection can commit its changes and its checkpoint in one transaction.
 */
export function openDatabase(file: string, use: ConnectionUse = SERVING): SqliteDatabase {
  if (file !== ':memory:') createPrivately(file);
  const db = new Database(file);
  // WAL lets readers (HTTP queries) proceed while the projector writes.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Fewer, larger WAL checkpoints and a bigger page cache: every command writes a few pages
  // in several B-trees, and checkpointing each thousand pages showed in profiles.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma(`cache_size = -${use.pageCacheKiB}`);
  db.pragma(`mmap_size = ${use.mapsFile ? 268_435_456 : 0}`);
  db.pragma('foreign_keys = ON');
  // Deleted rows are overwritten with zeros, not left in free space: erased personal data and
  // destroyed keys must not stay readable in the file (docs/personal-data.md).
  db.pragma('secure_delete = ON');
  return db;
}

/**
 * The file holds personal data (read models, the idempotency records): its folder is made for this
 * user only (0700) and the file itself 0600 before SQLite opens it, whatever the umask. SQLite
 * gives the write-ahead log and shared-memory files (-wal, -shm) the database file's mode, so they
 * are 0600 too. A folder or file that exists is left as it is (dataFilesLooserThanPrivate says so).
 * True when it made the file.
 */
export function createPrivately(file: string): boolean {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, 'wx', 0o600));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
}

/**
 * Whether SQLite gave up waiting for another connection's lock (busy_timeout above): the file is
 * there, but not usable now, as a server that does not answer.
 */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
