/*
 * Jest globalSetup: starts the test servers that are installed and hands their addresses
 * to the test workers through the environment (workers inherit process.env from here):
 *   KAFKA_BROKERS  comma-separated host:port list
 *   MONGODB_URL    mongodb://host:port/
 * A variable the user has already set is kept, and that server is not started.
 * A server that is not installed is skipped with one line of output (its suites skip
 * themselves), except under CI, where .ci/run installs both, so that is an error.
 */
import { ferretDbAvailable, startFerretDb } from './ferretdb-server';
import { kafkaAvailable, kafkaVersion, startKafka } from './kafka-server';
import { killOrphans } from './process-utils';

interface Started {
  name: string;
  stop(): Promise<void>;
}

declare global {
  // Read by global-teardown.ts, which jest runs in the same process and context.
  // eslint-disable-next-line no-var
  var __testServers: Started[] | undefined;
}

const inCi = (): boolean => !!process.env.CI && process.env.CI !== 'false';

async function start(
  name: string,
  envVar: string,
  available: boolean,
  install: string,
  run: () => Promise<{ address: string; stop(): Promise<void> }>,
): Promise<Started | undefined> {
  if (process.env[envVar]) {
    console.log(`[servers] ${name}: using ${envVar}=${process.env[envVar]}`);
    return undefined;
  }
  if (!available) {
    const message = `${name} not installed (run: ${install})`;
    if (inCi()) throw new Error(`[servers] ${message}; CI needs it`);
    console.log(`[servers] ${message} — ${name} suites will be skipped`);
    return undefined;
  }
  const t0 = Date.now();
  const { address, stop } = await run();
  process.env[envVar] = address;
  console.log(`[servers] ${name} on ${address} (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { name, stop };
}

export default async function globalSetup(): Promise<void> {
  killOrphans();
  const results = await Promise.allSettled([
    start(`Kafka ${kafkaVersion() ?? ''}`.trim(), 'KAFKA_BROKERS', kafkaAvailable(), 'bash tools/kafka/install.sh', async () => {
      const kafka = await startKafka();
      return { address: kafka.brokers.join(','), stop: () => kafka.stop() };
    }),
    start('FerretDB', 'MONGODB_URL', ferretDbAvailable(), 'bash tools/ferretdb/install.sh', async () => {
      const ferret = await startFerretDb();
      return { address: ferret.url, stop: () => ferret.stop() };
    }),
  ]);
  const started = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failed.length > 0) {
    // jest runs no globalTeardown when globalSetup throws
    await Promise.all(started.map((s) => s.stop()));
    throw failed[0];
  }
  globalThis.__testServers = started;
}
