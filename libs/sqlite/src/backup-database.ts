import Database from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import type { SqliteDatabase } from './open-database';

/** As many pages as a step may copy: all of them. */
const ALL_PAGES = 0x7fffffff;

/**
 * A consistent copy of a database other connections may be writing, other processes too (the
 * running service): SQLite's online backup, reading one snapshot. All pages go in one step, under
 * one read transaction; in WAL mode writers go on meanwhile. Copied a few pages a step, a write by
 * another process between two steps starts the copy over, and under steady writes it might never
 * end. The copy is made private (0600) before its first byte, and checked before it counts as made.
 */
export async function backupDatabase(db: SqliteDatabase, target: string): Promise<void> {
  closeSync(openSync(target, 'wx', 0o600));
  await db.backup(target, { progress: () => ALL_PAGES });
  const copy = new Database(target, { fileMustExist: true });
  try {
    const result = copy.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new Error(`The copy ${target} fails SQLite's quick_check: ${String(result)}`);
  } finally {
    copy.close();
  }
}
