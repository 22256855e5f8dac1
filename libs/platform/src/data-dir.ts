import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { serverKeysFile, sqliteFile, type Config } from './config';

/**
 * Refuses a DATA_DIR this process may not write, before anything in it is opened or made: SQLite
 * opens a file it may only read without a word, and the service would then fail on its first
 * write (a 500) instead of at start. The folder must take new files (the -wal and -shm beside the
 * database come and go), and the database with its -wal and -shm must be writable where they exist.
 */
export function assertDataDirWritable(config: Config): void {
  const dir = config.dataDir;
  const user = `this user (uid ${process.getuid?.() ?? '?'})`;
  const remedy = 'give it to the user the service runs as (chown), or set DATA_DIR to a folder it may write';
  if (!existsSync(dir)) {
    let parent = dirname(dir);
    while (!existsSync(parent)) parent = dirname(parent);
    if (!may(parent, constants.W_OK | constants.X_OK)) throw new Error(`DATA_DIR ${dir} does not exist and cannot be made: ${parent} is not writable by ${user}`);
    return;
  }
  if (!statSync(dir).isDirectory()) throw new Error(`DATA_DIR ${dir} is not a folder`);
  if (!may(dir, constants.W_OK | constants.X_OK)) throw new Error(`DATA_DIR ${dir} is not writable by ${user}: ${remedy}`);
  const file = sqliteFile(config);
  const readOnly = [file, `${file}-wal`, `${file}-shm`].filter((path) => existsSync(path) && !may(path, constants.R_OK | constants.W_OK));
  if (readOnly.length > 0) throw new Error(`DATA_DIR ${dir}: ${readOnly.join(', ')} cannot be written by ${user}: ${remedy}`);
}

/**
 * Whether the embedded database in DATA_DIR holds anything: written pages in the file or in its
 * write-ahead log (a file SQLite only made, or made by hand, is empty).
 */
export function embeddedDatabaseHoldsData(config: Config): boolean {
  const file = sqliteFile(config);
  return [file, `${file}-wal`].some((path) => existsSync(path) && statSync(path).size > 0);
}

function may(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/**
 * What in DATA_DIR others than its owner may read or write: the folder (wider than 0700), the
 * embedded file with its -wal and -shm (wider than 0600), which hold personal data, and
 * server-keys.json (wider than 0600), whose SERVER_KEY opens that data and whose JWT secret signs
 * staff tokens: a restore without `cp -p` leaves it as the umask says. New ones are
 * made private (openDatabase, loadServerKeys); ones made before, or by hand, are left as they are
 * and named here, with the command that tightens them, for start-up to warn about.
 */
export function dataFilesLooserThanPrivate(config: Config): string[] {
  const file = sqliteFile(config);
  const looser = (path: string, private_: number) => existsSync(path) && (statSync(path).mode & 0o777 & ~private_) !== 0;
  const mode = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(3, '0');
  const warnings: string[] = [];
  if (looser(config.dataDir, 0o700)) {
    warnings.push(`DATA_DIR ${config.dataDir} is mode ${mode(config.dataDir)}: others may list the files holding personal data and keys (chmod 700 ${config.dataDir})`);
  }
  const files = [file, `${file}-wal`, `${file}-shm`].filter((path) => looser(path, 0o600));
  if (files.length > 0) {
    warnings.push(`${files.map((path) => `${path} (mode ${mode(path)})`).join(', ')} may be read by others, and hold personal data (chmod 600 ${file}*)`);
  }
  const keys = serverKeysFile(config);
  if (looser(keys, 0o600)) {
    warnings.push(`${keys} (mode ${mode(keys)}) may be read by others, and holds SERVER_KEY and the JWT secret: `
      + `whoever reads it opens the personal data and signs staff tokens (chmod 600 ${keys})`);
  }
  return warnings;
}
