import { tryLockFile, type HeldLock, type LockMode } from '@tenancy/sqlite';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { sqliteFile, type Config } from './config';

/**
 * How a process that writes in the embedded file stands to others doing the same:
 *  - `alone`: it runs work that must not run twice (the service's projections, reactions,
 *    fan-out and webhooks, which nothing fences in the embedded default);
 *  - `under-lease`: it does that work only while it holds the projector lease, so others like it
 *    may wait beside it (docs/adr/0003-single-active-projector.md), but no process working alone;
 *  - `rebuild`: it drops and refills the read models, so nothing may have the stores open beside
 *    it, not even a process that only serves them (the service with RUN_PROJECTIONS=false): its
 *    reads would meet half-made tables (a 500, or a list missing rows).
 * A process that only appends (the service with RUN_PROJECTIONS=false) or only reads (the audit
 * CLIs) has the stores open and no more: many may, beside any writer but a rebuild.
 */
export type DataDirWriter = 'alone' | 'under-lease' | 'rebuild';

/**
 * The two locks, empty SQLite files beside the embedded one, locked by SQLite (tryLockFile):
 *  - the work lock: exclusive for `alone`, shared `under-lease`;
 *  - the open lock: exclusive for a `rebuild`, shared by every other process with the stores open.
 */
export const dataDirLockFile = (config: Config) => `${sqliteFile(config)}.lock`;
const openLockFile = (config: Config) => `${sqliteFile(config)}.open.lock`;

/**
 * Takes DATA_DIR for this process until `release()` or the process's end (the operating system
 * drops the locks even after `kill -9`). Refused with one plain line naming the holders, before
 * anything is opened, while another process holds it in a way this one cannot share. Unset
 * `writer`: the stores are only open (to serve, append or read). A process refused after taking it
 * lets go with `removeMade`: the lock files this start made go with it (HeldLock.release), and
 * with `whileAlone` what else it made (openStores).
 */
export function lockDataDir(config: Config, writer?: DataDirWriter): HeldLock {
  // The open lock first: a rebuild holds it alone, so whatever else starts is refused naming the rebuild.
  const open = take(config, openLockFile(config), writer === 'rebuild' ? 'exclusive' : 'shared');
  if (writer !== 'alone' && writer !== 'under-lease') return open;
  let work: HeldLock;
  try {
    work = take(config, dataDirLockFile(config), writer === 'alone' ? 'exclusive' : 'shared');
  } catch (error) {
    open.release();
    throw error;
  }
  return {
    release(options) {
      // Every process with the stores open holds the open lock: alone there is alone in DATA_DIR.
      work.release({ removeMade: options?.removeMade });
      open.release(options);
    },
  };
}

function take(config: Config, file: string, mode: LockMode): HeldLock {
  const lock = tryLockFile(file, mode);
  if (!lock) throw new Error(inUse(config, file));
  // Holders that died without releasing are dropped here; those alive share it with this one.
  writeHolders(file, mode === 'exclusive' ? [process.pid] : [...holders(file).filter((pid) => pid !== process.pid), process.pid]);
  heldHere.set(file, (heldHere.get(file) ?? 0) + 1);
  let released = false;
  return {
    release(options) {
      if (released) return;
      released = true;
      const left = heldHere.get(file)! - 1;
      heldHere.set(file, left);
      // Another of this process's stores may still hold it: its pid stays named until the last lets go.
      if (left === 0) writeHolders(file, holders(file).filter((pid) => pid !== process.pid));
      lock.release(options);
    },
  };
}

/** How many of this process's holds each lock file has. */
const heldHere = new Map<string, number>();

function inUse(config: Config, file: string): string {
  const pids = holders(file);
  const holder = pids.length === 0 ? 'another process' : `process${pids.length > 1 ? 'es' : ''} ${pids.join(', ')}`;
  return `DATA_DIR ${config.dataDir} is in use by ${holder}; stop it first `
    + '(one service per DATA_DIR; npm run projections:rebuild only while it is stopped). Nothing has been changed.';
}

/** Who holds a lock, a process id a line, for the refusal to name; the lock, not this file, decides. */
const holdersFile = (file: string) => `${file}.pids`;

/** The running processes the file names. */
function holders(file: string): number[] {
  let text: string;
  try {
    text = readFileSync(holdersFile(file), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').map((line) => Number(line)).filter((pid) => Number.isSafeInteger(pid) && pid > 0 && isRunning(pid));
}

function writeHolders(file: string, pids: number[]): void {
  if (pids.length === 0) rmSync(holdersFile(file), { force: true });
  else writeFileSync(holdersFile(file), pids.map((pid) => `${pid}\n`).join(''), { mode: 0o600 });
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
