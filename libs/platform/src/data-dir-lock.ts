import { tryLockFile, type HeldLock } from '@tenancy/sqlite';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { sqliteFile, type Config } from './config';

/**
 * How a process that writes in the embedded file stands to others doing the same:
 *  - `alone`: it runs work that must not run twice (the service's projections, reactions,
 *    fan-out and webhooks, which nothing fences in the embedded default; a rebuild, which
 *    empties read models under whoever projects into them);
 *  - `under-lease`: it does that work only while it holds the projector lease, so others like it
 *    may wait beside it (docs/adr/0003-single-active-projector.md), but no process working alone.
 * A process that only appends (the service with RUN_PROJECTIONS=false) or only reads (the audit
 * CLIs) takes neither: SQLite's own locks keep those apart.
 */
export type DataDirWriter = 'alone' | 'under-lease';

/** The lock itself: an empty SQLite file beside the embedded one, locked by SQLite (tryLockFile). */
export const dataDirLockFile = (config: Config) => `${sqliteFile(config)}.lock`;
/** Who holds the lock, a process id a line, for the refusal to name; the lock, not this file, decides. */
const holdersFile = (config: Config) => `${dataDirLockFile(config)}.pids`;

/**
 * Takes DATA_DIR for this process until `release()` or the process's end (the operating system
 * drops the lock even after `kill -9`). Refused with one plain line naming the holders, before
 * anything is opened, while another process holds it in a way `writer` cannot share.
 */
export function lockDataDir(config: Config, writer: DataDirWriter): HeldLock {
  const lock = tryLockFile(dataDirLockFile(config), writer === 'alone' ? 'exclusive' : 'shared');
  if (!lock) throw new Error(inUse(config));
  // Holders that died without releasing are dropped here; those alive share it with this one.
  writeHolders(config, writer === 'alone' ? [process.pid] : [...holders(config).filter((pid) => pid !== process.pid), process.pid]);
  return {
    release() {
      writeHolders(config, holders(config).filter((pid) => pid !== process.pid));
      lock.release();
    },
  };
}

function inUse(config: Config): string {
  const pids = holders(config);
  const holder = pids.length === 0 ? 'another process' : `process${pids.length > 1 ? 'es' : ''} ${pids.join(', ')}`;
  return `DATA_DIR ${config.dataDir} is in use by ${holder}; stop it first `
    + '(one service per DATA_DIR; npm run projections:rebuild only while it is stopped). Nothing has been changed.';
}

/** The running processes the file names. */
function holders(config: Config): number[] {
  let text: string;
  try {
    text = readFileSync(holdersFile(config), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').map((line) => Number(line)).filter((pid) => Number.isSafeInteger(pid) && pid > 0 && isRunning(pid));
}

function writeHolders(config: Config, pids: number[]): void {
  if (pids.length === 0) rmSync(holdersFile(config), { force: true });
  else writeFileSync(holdersFile(config), pids.map((pid) => `${pid}\n`).join(''), { mode: 0o600 });
}

/** Signal 0 only asks: EPERM means it runs under another user. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
