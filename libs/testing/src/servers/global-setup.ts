/*
 * Jest globalSetup: starts the test servers that are installed and hands their addresses
 * to the test workers through the environment (workers inherit process.env from here):
 *   KAFKA_BROKERS  comma-separated host:port list
 *   MONGODB_URL    mongodb://host:port/
 * A variable the user has already set is kept, and that server is not started.
 * A server that is not installed is skipped with one line of output (its suites skip
 * themselves), except under CI, where .ci/run installs both, so that is an error.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ferretDbAvailable, startFerretDb } from './ferretdb-server';
import { kafkaAvailable, kafkaVersion, startKafka } from './kafka-server';
import { repoRoot } from './process-utils';

interface Started {
  name: string;
  pid: number | undefined;
  dir: string;
  stop(): Promise<void>;
}

declare global {
  // Read by global-teardown.ts, which jest runs in the same process and context.
  // eslint-disable-next-line no-var
  var __testServers: Started[] | undefined;
}

/** Lists the servers started, so a later run can kill them if this one is killed. */
export const pidFile = (): string => join(repoRoot(), '.cache', 'test-servers.json');

function killLeftovers(): void {
  if (!existsSync(pidFile())) return;
  const entries = JSON.parse(readFileSync(pidFile(), 'utf8')) as { pid?: number; dir: string }[];
  for (const { pid, dir } of entries) {
    try {
      // Only if the pid still belongs to our server: its command line names its temp dir.
      if (pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(pidFile(), { force: true });
}

async function start(name: string, envVar: string, available: boolean, install: string, run: () => Promise<Omit<Started, 'name'> & { address: string }>): Promise<Started | undefined> {
  if (process.env[envVar]) {
    console.log(`[servers] ${name}: using ${envVar}=${process.env[envVar]}`);
    return undefined;
  }
  if (!available) {
    const message = `${name} not installed (run: ${install})`;
    if (process.env.CI && process.env.CI !== 'false') throw new Error(`[servers] ${message}; CI needs it`);
    console.log(`[servers] ${message} — ${name} suites will be skipped`);
    return undefined;
  }
  const t0 = Date.now();
  const { address, ...server } = await run();
  process.env[envVar] = address;
  console.log(`[servers] ${name} on ${address} (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { name, ...server };
}

export default async function globalSetup(): Promise<void> {
  killLeftovers();
  const results = await Promise.allSettled([
    start(`Kafka ${kafkaVersion() ?? ''}`.trim(), 'KAFKA_BROKERS', kafkaAvailable(), 'bash tools/kafka/install.sh', async () => {
      const kafka = await startKafka();
      return { address: kafka.brokers.join(','), pid: kafka.pid(), dir: kafka.dir, stop: () => kafka.stop() };
    }),
    start('FerretDB', 'MONGODB_URL', ferretDbAvailable(), 'bash tools/ferretdb/install.sh', async () => {
      const ferret = await startFerretDb();
      return { address: ferret.url, pid: ferret.pid, dir: ferret.dir, stop: () => ferret.stop() };
    }),
  ]);
  const started = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  globalThis.__testServers = started;
  mkdirSync(join(repoRoot(), '.cache'), { recursive: true });
  writeFileSync(pidFile(), JSON.stringify(started.map(({ pid, dir }) => ({ pid, dir }))));

  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failed.length > 0) {
    await Promise.all(started.map((s) => s.stop()));
    globalThis.__testServers = undefined;
    rmSync(pidFile(), { force: true });
    throw failed[0];
  }
}
