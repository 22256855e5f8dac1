import { execFile } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { machineClockEnv, spawnLogged, stopChild, waitUntilReady, type SpawnOptions } from './process-utils';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster on loopback (FerretDB's storage in tests). */
export interface PostgresServer {
  /** e.g. 'postgres://postgres@127.0.0.1:40125/postgres' (trust authentication, loopback only) */
  url: string;
  pid: number | undefined;
  /** Stops the server (fast shutdown). Its files stay in the folder it was given. */
  stop(): Promise<void>;
}

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The newest /usr/lib/postgresql/<major>/bin that has initdb and postgres (Debian's layout), if any. */
export function postgresBinDir(): string | undefined {
  let majors: string[];
  try {
    majors = readdirSync('/usr/lib/postgresql');
  } catch {
    return undefined;
  }
  return majors
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join('/usr/lib/postgresql', major, 'bin'))
    .find((bin) => executable(join(bin, 'initdb')) && executable(join(bin, 'postgres')));
}

/** True when tools/postgres/install.sh has installed PostgreSQL. */
export function postgresAvailable(): boolean {
  return postgresBinDir() !== undefined;
}

/** PostgreSQL refuses to run as root: then initdb and the server run as the `postgres` user. */
function serverUser(): Required<Pick<SpawnOptions, 'uid' | 'gid'>> | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error("PostgreSQL refuses to run as root and there is no 'postgres' user (bash tools/postgres/install.sh creates it)");
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function acceptsConnections(bin: string, port: number): Promise<boolean> {
  // pg_isready exits 0 only once the server accepts connections (not while it starts up)
  await run(join(bin, 'pg_isready'), ['--quiet', '--host=127.0.0.1', `--port=${port}`], { timeout: 5_000 });
  return true;
}

/**
 * Creates a cluster in `<dir>/pg` and starts it on a free loopback port, tuned for tests:
 * no fsync, no Unix socket. The caller owns `dir` (deletes it after stop()).
 */
export async function startPostgres(dir: string): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (run: bash tools/postgres/install.sh)');
  const user = serverUser();
  const pgDir = join(dir, 'pg');
  const data = join(pgDir, 'data');
  mkdirSync(pgDir);
  if (user) {
    chmodSync(dir, 0o711); // the server user may pass through the caller's folder, not list it
    chownSync(pgDir, user.uid, user.gid);
  }
  await run(
    join(bin, 'initdb'),
    [`--pgdata=${data}`, '--username=postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    { cwd: pgDir, timeout: 120_000, env: machineClockEnv(), ...user },
  ).catch((error: { stderr?: string; message: string }) => {
    throw new Error(`initdb failed: ${error.stderr || error.message}`);
  });

  const port = await freePort();
  const logFile = join(pgDir, 'server.log');
  const child = spawnLogged(
    join(bin, 'postgres'),
    [
      '-D', data,
      '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=', // TCP only: no socket file in a shared folder
      // Throwaway data: durability is not wanted, speed is.
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
    ],
    logFile,
    dir,
    { ...user },
  );
  // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to disconnect.
  const stop = () => stopChild(child, 'SIGINT');
  try {
    await waitUntilReady(`PostgreSQL on 127.0.0.1:${port}`, child, logFile, () => acceptsConnections(bin, port), 60_000);
  } catch (error) {
    await stopChild(child, 'SIGKILL');
    throw error;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, pid: child.pid, stop };
}
