/*
 * Two projector instances on the same stores: one works, the other waits; when the first
 * dies (stops renewing without releasing), the second takes over within ttl + ttl/3 and
 * carries on projecting and, with KAFKA_BROKERS set, publishing.
 */
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, openStores, type Stores } from '@tenancy/platform';
import { appendToCompany, deliveryReport, kafkaClient, newEvent, readTopic } from '../../../libs/messaging/src/fan-out/testing/fan-out-fixtures';
import { companiesProjection } from '@tenancy/projections';
import { createProjector } from './projector.module';

jest.setTimeout(60_000);
Logger.overrideLogger(false);

const TTL = 3000; // the shortest lease PROJECTOR_LEASE_TTL_MS takes
const brokers = process.env.KAFKA_BROKERS;
const mongoUrl = process.env.MONGODB_URL;
if (!brokers) process.stdout.write('[projector] KAFKA_BROKERS not set — takeover tests run without the Kafka fan-out\n');
if (!mongoUrl) process.stdout.write('[projector] MONGODB_URL not set — MongoDB takeover test skipped\n');

const created = (companyId: string) => newEvent('CompanyCreated', {
  companyId, name: 'Acme GmbH', environment: 'production', baseUrl: null, timezone: 'UTC', defaultLanguage: 'en', contactEmail: null,
});

describe.each([
  ['SQLite', {}],
  ...(mongoUrl ? [['MongoDB', { MONGODB_URL: mongoUrl }] as const] : []),
] as [string, Record<string, string>][])('projector takeover (lease and read models in %s)', (label, storeEnv) => {
  let dataDir: string;
  const opened: Stores[] = [];
  const topic = `tenancy.events.projector-${randomUUID()}`;
  const config = () => readConfig({
    DATA_DIR: dataDir, PROJECTOR_LEASE_TTL_MS: String(TTL), MONGODB_DATABASE: `projector_${randomUUID().slice(0, 8)}`,
    ...storeEnv, ...(brokers ? { KAFKA_BROKERS: brokers, KAFKA_EVENTS_TOPIC: topic } : {}),
  });

  beforeAll(() => { dataDir = mkdtempSync(join(tmpdir(), 'tenancy-projector-')); });
  afterAll(async () => {
    for (const stores of opened) {
      if (stores.mongo) await stores.mongo.db(databaseOf(stores)).dropDatabase().catch(() => undefined);
      await stores.close().catch(() => undefined);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Each instance gets its own connections, as a separate process would.
  const dbNames = new Map<Stores, string>();
  const databaseOf = (stores: Stores) => dbNames.get(stores)!;
  let shared: ReturnType<typeof readConfig>;
  async function instance(owner: string) {
    shared ??= config();
    const stores = await openStores(shared);
    opened.push(stores);
    dbNames.set(stores, shared.mongoDatabase);
    return { stores, projector: createProjector(shared, stores, owner) };
  }

  it('given a working instance that dies, then the waiting one takes over within ttl + ttl/3 and carries on', async () => {
    const first = await instance('first');
    const second = await instance('second');
    const [acme, globex] = [randomUUID(), randomUUID()];

    first.projector.start();
    await until(() => first.projector.active);
    second.projector.start();
    await appendToCompany(first.stores.events, acme, [created(acme)]);
    await untilAsync(async () => (await second.stores.readModels.get(companiesProjection.name, acme)) !== null);
    await sleep(TTL); // a whole ttl of waiting: the second never gets in while the first renews
    expect(second.projector.active).toBe(false);

    await first.projector.crash();
    const diedAt = Date.now();
    await until(() => second.projector.active, 10_000);
    const takeoverMs = Date.now() - diedAt;
    process.stdout.write(`[projector] ${label}: takeover ${takeoverMs} ms after the holder died (ttl ${TTL} ms, renewal every ${TTL / 3} ms)\n`);
    expect(takeoverMs).toBeLessThanOrEqual(TTL + TTL / 3 + 1000); // slack for a loaded 2-core machine

    await appendToCompany(second.stores.events, globex, [created(globex)]);
    await untilAsync(async () => (await second.stores.readModels.get(companiesProjection.name, globex)) !== null);
    if (brokers) {
      const received = await readTopic(kafkaClient(brokers.split(',')), topic, (r) => deliveryReport(r).events >= 2);
      expect(new Set(received.map((m) => m.key))).toEqual(new Set([acme, globex]));
    }
    await second.projector.stop();
  });

  it('given the working instance shuts down cleanly, then it releases the lease and another takes over at once', async () => {
    const first = await instance('third');
    const second = await instance('fourth');
    first.projector.start();
    await until(() => first.projector.active);
    second.projector.start();
    await first.projector.stop();
    const stoppedAt = Date.now();
    await until(() => second.projector.active, 10_000);
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(TTL / 3 + 1000);
    await second.projector.stop();
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

async function untilAsync(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}
