/*
 * Jest globalSetup: starts the test servers that are installed and hands their addresses
 * to the test workers through the environment (workers inherit process.env from here):
 *   KAFKA_BROKERS  comma-separated host:port list
 *   MONGODB_URL    mongodb://host:port/ (FerretDB on a throwaway PostgreSQL)
 *   KEYCLOAK_URL   http://host:port, with KEYCLOAK_REALM (the realm of keycloak/tenancy-realm.json)
 * A variable the user has already set is kept, and that server is not started.
 * A server that is not installed is skipped with one line of output (its suites skip
 * themselves), except under CI, where .ci/run installs them all, so that is an error.
 * Keycloak takes half a minute or more to start, so outside CI it is started only when a
 * selected test file mentions "keycloak" (e.g. imports keycloak-client).
 */
import { readFileSync } from 'node:fs';
import { ferretDbAvailable, startFerretDb } from './ferretdb-server';
import { kafkaAvailable, kafkaVersion, startKafka } from './kafka-server';
import { TEST_REALM } from './keycloak-client';
import { keycloakAvailable, startKeycloak } from './keycloak-server';
import { killOrphans } from './process-utils';

interface Started {
  name: string;
  stop(): Promise<void>;
}

declare global {
  // Read by global-teardown.ts, which jest runs in the same process and context.
  // eslint-disable-next-line no-var
  var __testServers: Started[] | undefined;
  // Written by recording-sequencer.js, which jest runs before this setup.
  // eslint-disable-next-line no-var
  var __selectedTestPaths: string[] | undefined;
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

/** In CI always; otherwise when a selected test file mentions it, or when the selection is unknown. */
function keycloakWanted(): boolean {
  const paths = globalThis.__selectedTestPaths;
  if (inCi() || paths === undefined || process.env.KEYCLOAK_URL) return true;
  return paths.some((path) => /keycloak/i.test(readFileSync(path, 'utf8')));
}

export default async function globalSetup(): Promise<void> {
  killOrphans();
  const servers = [
    start(`Kafka ${kafkaVersion() ?? ''}`.trim(), 'KAFKA_BROKERS', kafkaAvailable(), 'bash tools/kafka/install.sh', async () => {
      const kafka = await startKafka();
      return { address: kafka.brokers.join(','), stop: () => kafka.stop() };
    }),
    start(
      'FerretDB (PostgreSQL)',
      'MONGODB_URL',
      ferretDbAvailable(),
      'bash tools/postgres/install.sh && bash tools/ferretdb/install.sh',
      async () => {
        const ferret = await startFerretDb();
        return { address: ferret.url, stop: () => ferret.stop() };
      },
    ),
  ];
  if (keycloakWanted()) {
    process.env.KEYCLOAK_REALM ||= TEST_REALM;
    servers.push(
      start('Keycloak', 'KEYCLOAK_URL', keycloakAvailable(), 'bash tools/keycloak/install.sh', async () => {
        const keycloak = await startKeycloak();
        return { address: keycloak.url, stop: () => keycloak.stop() };
      }),
    );
  }
  const results = await Promise.allSettled(servers);
  const started = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failed.length > 0) {
    // jest runs no globalTeardown when globalSetup throws
    await Promise.all(started.map((s) => s.stop()));
    throw failed[0];
  }
  globalThis.__testServers = started;
}
