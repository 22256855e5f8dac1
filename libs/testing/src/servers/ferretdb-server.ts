import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort } from './free-port';
import { postgresAvailable, startPostgres } from './postgres-server';
import { repoRoot, spawnLogged, stopChild, waitUntilReady } from './process-utils';

/**
 * FerretDB (MongoDB wire protocol) on loopback for tests, storing its data in a throwaway
 * PostgreSQL cluster in the same temp dir. The PostgreSQL backend, not SQLite: it runs
 * filters in SQL where SQLite reads whole collections (docs/ferretdb-notes.md).
 */
export interface FerretDbServer {
  /** e.g. 'mongodb://127.0.0.1:40124/' */
  url: string;
  dir: string;
  logFile: string;
  pid: number | undefined;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

export function ferretDbBinary(): string {
  return join(repoRoot(), '.cache', 'bin', 'ferretdb');
}

/** True when tools/ferretdb/install.sh has built the binary and tools/postgres/install.sh installed PostgreSQL. */
export function ferretDbAvailable(): boolean {
  try {
    accessSync(ferretDbBinary(), constants.X_OK);
  } catch {
    return false;
  }
  return postgresAvailable();
}

async function answersPing(url: string): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } finally {
    await client.close().catch(() => undefined);
  }
}

export async function startFerretDb(): Promise<FerretDbServer> {
  if (!ferretDbAvailable()) {
    throw new Error('FerretDB or PostgreSQL is not installed (run: bash tools/postgres/install.sh && bash tools/ferretdb/install.sh)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-ferretdb-'));
  const postgres = await startPostgres(dir).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const port = await freePort();
  const url = `mongodb://127.0.0.1:${port}/`;
  const logFile = join(dir, 'server.log');
  const child = spawnLogged(
    ferretDbBinary(),
    [
      '--handler=postgresql',
      `--postgresql-url=${postgres.url}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-', // no metrics/pprof HTTP listener (its default port 8088 may be taken)
      `--state-dir=${dir}`, // only holds the telemetry instance id; names the temp dir in the command line
      '--telemetry=disable',
      '--log-level=ERROR', // at WARN it logs every failed command in full
    ],
    logFile,
    dir,
  );
  const stop = async () => {
    await stopChild(child);
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(`FerretDB on ${url}`, child, logFile, () => answersPing(url), 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dir, logFile, pid: child.pid, stop };
}
