import { openDatabase } from '@tenancy/sqlite';
import { existsSync, rmSync } from 'node:fs';
import { serverKeysFile, sqliteFile, type Config } from './config';

/**
 * What a start makes in DATA_DIR besides the locks: the keys kept there outside production and
 * the embedded database with its -wal and -shm. A start refused after making them removes them
 * again (openStores), so that it leaves DATA_DIR as it found it: keys minted by a process that
 * then refused would be adopted by the next start, and a restore asks for an empty DATA_DIR.
 */
const dataFiles = (config: Config) => {
  const file = sqliteFile(config);
  return { keys: serverKeysFile(config), database: [file, `${file}-wal`, `${file}-shm`, `${file}-journal`] };
};

/** Those of them DATA_DIR holds now: taken once DATA_DIR is held, before anything is opened. */
export function dataFilesIn(config: Config): string[] {
  const { keys, database } = dataFiles(config);
  return [keys, ...database].filter((path) => existsSync(path));
}

/**
 * Removes those of them `found` did not have. Only while this process holds DATA_DIR alone
 * (HeldLock's `whileAlone`): no other process then has them open. A database found before is
 * left whole, -wal and -shm included (they may hold its last writes); one that holds events by
 * now was written by a process that shared DATA_DIR meanwhile and has ended, and stays, with the
 * keys it was written under.
 */
export function removeDataFilesMade(config: Config, found: string[]): void {
  const { keys, database } = dataFiles(config);
  const [file] = database;
  if (holdsEvents(file)) return;
  const made = (path: string) => !found.includes(path) && existsSync(path);
  const removed = [...(made(file) ? database.filter(made) : []), ...(made(keys) ? [keys] : [])];
  for (const path of removed) rmSync(path, { force: true });
}

function holdsEvents(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = openDatabase(file);
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'es_events'").get();
    return table !== undefined && db.prepare('SELECT 1 FROM es_events LIMIT 1').get() !== undefined;
  } finally {
    db.close();
  }
}
