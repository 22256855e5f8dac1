import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file that holds tools/kafka/pom.xml. */
export function repoRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'tools', 'kafka', 'pom.xml'))) return dir;
  }
  return process.cwd();
}

export function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The environment for what is not code under test (servers, the browser): without libfaketime,
 * so they keep the machine's clock while the suite itself runs a year ahead under `faketime`
 * (the check that no test depends on today's date, docs/test-servers.md).
 */
export function machineClockEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...rest } = env;
  return Object.fromEntries(Object.entries(rest).filter(([name]) => !name.startsWith('FAKETIME_')));
}

// Servers still running when this process exits are killed, so that a crashed or
// interrupted test run does not leave servers behind holding ports and temp dirs.
const running = new Set<number>();
process.once('exit', () => running.forEach((pid) => killQuietly(pid, 'SIGKILL')));

export function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

// A process killed with SIGKILL runs no exit handler, so each server is also listed in
// .cache/test-servers/<pid>.json with the pid of the process that owns it; killOrphans()
// (called by jest's globalSetup) stops those whose owner is gone.
const registry = (): string => join(repoRoot(), '.cache', 'test-servers');

/**
 * Lists `pid` as a server of this process (see above), to be killed with it. `dir` is the
 * server's own temp folder, named in its command line: that is how an orphan is told from a
 * reused pid. Returns the function that unlists it.
 */
export function trackServerPid(pid: number, dir: string): () => void {
  const entry = join(registry(), `${pid}.json`);
  mkdirSync(registry(), { recursive: true });
  writeFileSync(entry, JSON.stringify({ pid, owner: process.pid, dir }));
  running.add(pid);
  return () => {
    running.delete(pid);
    rmSync(entry, { force: true });
  };
}

export interface SpawnOptions {
  /** Run as this user and group (e.g. PostgreSQL, which refuses to run as root). */
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
}

/** Spawns a server with stdout and stderr appended to logFile, tracked by trackServerPid. */
export function spawnLogged(command: string, args: string[], logFile: string, dir: string, options: SpawnOptions = {}): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], cwd: dir, ...options, env: machineClockEnv(options.env) });
    if (child.pid === undefined) return child; // failed to start: its 'error' and 'exit' events tell
    const untrack = trackServerPid(child.pid, dir);
    child.once('exit', untrack);
    return child;
  } finally {
    closeSync(fd);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** Kills the servers left by test runs that were killed, and deletes their temp folders. */
export function killOrphans(): void {
  if (!existsSync(registry())) return;
  for (const file of readdirSync(registry())) {
    const path = join(registry(), file);
    let entry: { pid: number; owner: number; dir: string };
    try {
      entry = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      continue; // being written right now
    }
    if (alive(entry.owner)) continue; // another test run, still going
    if (commandLine(entry.pid).includes(entry.dir)) process.kill(entry.pid, 'SIGKILL');
    rmSync(entry.dir, { recursive: true, force: true });
    rmSync(path, { force: true });
  }
}

export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** True once `child` has exited, false if it is still running after timeoutMs. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Sends `signal` (SIGTERM: a clean shutdown), then SIGKILL if the child is still up after timeoutMs. */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  timeoutMs = 15_000,
): Promise<void> {
  if (exited(child)) return;
  child.kill(signal);
  if (await waitForExit(child, timeoutMs)) return;
  child.kill('SIGKILL');
  await waitForExit(child, 5_000);
}

export function logTail(logFile: string, lines = 30): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1_000);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * Polls `probe` until it returns true. Fails early, with the end of the server's log,
 * if the child exits or `timeoutMs` passes.
 */
export async function waitUntilReady(
  what: string,
  child: ChildProcess,
  logFile: string,
  probe: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(child)) {
      throw new Error(`${what} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready; log ${logFile}:\n${logTail(logFile)}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`${what} not ready after ${timeoutMs} ms; log ${logFile}:\n${logTail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
