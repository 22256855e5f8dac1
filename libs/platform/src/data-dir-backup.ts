import {
  closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { BULK_READS, backupDatabase, openDatabase } from '@tenancy/sqlite';
import { serverKeysFile, sqliteFile, type Config } from './config';

/** What a backup holds, each a file name in its folder. */
export interface DataDirBackup {
  folder: string;
  files: string[];
  /** SERVER_KEY was set: the data needs it, and it is in no file of the backup. */
  needsServerKey: boolean;
  /**
   * With MONGODB_URL (the events still in DATA_DIR): the collections the events cannot be read
   * without, which are in MongoDB and so in no file of the backup; to be dumped after it.
   */
  alsoDump: { database: string; collections: string[] } | null;
  /**
   * With EVENTSTORE_URL (no MONGODB_URL): the events are in EventStoreDB, and this holds the
   * personal-data keys they need (and the read models), so EventStoreDB's own backup comes first.
   */
  eventsInEventStore: boolean;
}

/** The personal-data keys and who was erased (MongoDataKeyStore): what the events in DATA_DIR need from MongoDB. */
export const MONGO_KEY_COLLECTIONS = ['data_keys', 'data_keys_erasures'];

/**
 * A copy of what DATA_DIR holds while the events or their personal-data keys are there (not both
 * EVENTSTORE_URL and MONGODB_URL), taken while the service may be running:
 * the SQLite file through SQLite's online backup (a plain copy of a running file misses what is
 * still in its write-ahead log, or catches it half-written), and the key file its data needs.
 * Made in a private folder beside the target and renamed to it once complete, so a backup that
 * failed halfway never looks like one; the folder is 0700 and its files 0600, as in DATA_DIR.
 * With MONGODB_URL the file holds the events only; the answer names what to dump from MongoDB.
 * With EVENTSTORE_URL it holds the keys and the read models, and the events are EventStoreDB's.
 */
export async function backUpDataDir(config: Config, target: string): Promise<DataDirBackup> {
  if (config.eventStoreUrl && config.mongoUrl) {
    throw new Error('EVENTSTORE_URL and MONGODB_URL are set: the events are in EventStoreDB and their personal-data keys in MongoDB, '
      + `so back them up with their own tools (EventStoreDB first, then mongodump of ${MONGO_KEY_COLLECTIONS.join(' and ')}), `
      + 'and keep SERVER_KEY; npm run backup copies DATA_DIR when the events or their keys are there');
  }
  const database = sqliteFile(config);
  if (!existsSync(database)) throw new Error(`Nothing to back up: no embedded database at ${database} (is DATA_DIR the service's?)`);
  const keys = serverKeysFile(config);
  if (!existsSync(keys) && !config.serverKey) {
    throw new Error(`${keys} is missing and SERVER_KEY is not set: the data in ${database} cannot be read without its key, so a backup of it would be none`);
  }
  const folder = resolve(target);
  refuseInside(config.dataDir, folder);
  refuseUnlessNewOrEmpty(folder);
  const partial = join(dirname(folder), `.${basename(folder)}.${process.pid}.partial`);
  try {
    mkdirSync(partial, { mode: 0o700 });
  } catch (error) {
    throw new Error(`Cannot write the backup beside ${folder}: ${(error as Error).message}`);
  }
  try {
    const db = openDatabase(database, BULK_READS);
    try {
      await backupDatabase(db, join(partial, basename(database)));
    } finally {
      db.close();
    }
    if (existsSync(keys)) copyPrivately(keys, join(partial, basename(keys)));
    const files = readdirSync(partial).sort();
    renameSync(partial, folder);
    syncFolder(dirname(folder));
    const alsoDump = config.mongoUrl ? { database: config.mongoDatabase, collections: MONGO_KEY_COLLECTIONS } : null;
    return { folder, files, needsServerKey: config.serverKey !== undefined, alsoDump, eventsInEventStore: Boolean(config.eventStoreUrl) };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A backup inside DATA_DIR is lost with the folder it is meant to outlive, and the next backup
 * there would sit beside it. Compared after symbolic links are followed (the target may not exist
 * yet: its parent's real path then), so no spelling of the path gets around it.
 */
function refuseInside(dataDir: string, folder: string): void {
  const real = (path: string) => (existsSync(path) ? realpathSync(path) : existsSync(dirname(path)) ? join(realpathSync(dirname(path)), basename(path)) : path);
  const from = relative(realpathSync(dataDir), real(folder));
  if (from === '' || (from !== '..' && !from.startsWith(`..${sep}`) && !isAbsolute(from))) {
    throw new Error(`Cannot back up into ${folder}: it is inside DATA_DIR (${dataDir}); give a folder outside it, which outlives the data it copies`);
  }
}

/** A backup goes into a new folder, or an empty one: never over another backup or anything else. */
function refuseUnlessNewOrEmpty(folder: string): void {
  if (!existsSync(dirname(folder))) throw new Error(`Cannot back up into ${folder}: ${dirname(folder)} does not exist`);
  if (!existsSync(folder)) return;
  if (!statSync(folder).isDirectory()) throw new Error(`Cannot back up into ${folder}: it is a file, not a folder`);
  if (readdirSync(folder).length > 0) throw new Error(`Cannot back up into ${folder}: it exists and is not empty; give a new or empty folder`);
}

/** 0600 whatever the original's mode (copyFile would take that), and on disk before the rename. */
function copyPrivately(from: string, to: string): void {
  const fd = openSync(to, 'wx', 0o600);
  try {
    writeFileSync(fd, readFileSync(from));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The rename is on disk too, not only the files it names. */
function syncFolder(folder: string): void {
  const fd = openSync(folder, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
