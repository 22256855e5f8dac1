/*
 * The projector as it runs in production: built, in its own process, two of them on one store.
 * Health and metrics on PROJECTOR_PORT; SIGTERM under a stream of new events hands the lease
 * to the stand-by at once, and every event reaches the read models and Kafka exactly once.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { openStores, readConfig, type Stores } from '@tenancy/platform';
import { companiesProjection } from '@tenancy/projections';
import { builtApp, runAppToExit, startApp, type RunningApp } from '../../../libs/testing/src/processes/built-app';
import { freePorts, withBusyPort } from '../../../libs/testing/src/servers/free-port';
import { appendToCompany, deliveryReport, kafkaClient, newEvent, readTopic } from '../../../libs/messaging/src/fan-out/testing/fan-out-fixtures';

jest.setTimeout(180_000);

/** Long, so that a takeover by expiry (ttl + ttl/3) could never pass for the release on shutdown. */
const TTL_MS = 10_000;
const SHUTDOWN_TIMEOUT_MS = 8_000;
const brokers = process.env.KAFKA_BROKERS;
if (!brokers) process.stdout.write('[projector-process] KAFKA_BROKERS not set: the fan-out part is left out\n');

const created = (companyId: string) => newEvent('CompanyCreated', {
  companyId, name: 'Acme GmbH', environment: 'production', baseUrl: null, timezone: 'UTC', defaultLanguage: 'en', contactEmail: null,
});

async function get(port: number, path: string): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

async function gauge(port: number, name: string): Promise<Array<{ value?: string; labels?: Record<string, string> }>> {
  const res = await get(port, '/metrics');
  expect(res.status).toBe(200);
  return parsePrometheusTextFormat(res.text).find((family) => family.name === name)?.metrics ?? [];
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const role = async (port: number) => JSON.parse((await get(port, '/health/ready')).text).role as string;

describe('The projector process', () => {
  let dataDir: string;
  let stores: Stores;
  const running: RunningApp[] = [];
  const topic = `tenancy.events.projector-process-${randomUUID()}`;
  let ports: number[];
  let main: string;

  const start = (port: number) => startApp(main, {
    DATA_DIR: dataDir, PROJECTOR_PORT: String(port), PROJECTOR_LEASE_TTL_MS: String(TTL_MS),
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), LOG_LEVEL: 'info',
    // Everything in the embedded file this test reads too, whatever the shell's MONGODB_URL or EVENTSTORE_URL.
    MONGODB_URL: '', EVENTSTORE_URL: '',
    ...(brokers ? { KAFKA_BROKERS: brokers, KAFKA_EVENTS_TOPIC: topic } : { KAFKA_BROKERS: '' }),
  }, /health and metrics on port/).then((app) => { running.push(app); return app; });

  beforeAll(async () => {
    main = builtApp('tenancy-projector');
    dataDir = mkdtempSync(join(tmpdir(), 'tenancy-projector-process-'));
    stores = await openStores(readConfig({ DATA_DIR: dataDir }));
    ports = await freePorts(2);
  });
  afterAll(async () => {
    running.forEach((app) => app.kill());
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given two instances, then the one holding the lease and the stand-by are both live and ready, and say which they are', async () => {
    await start(ports[0]);
    await until(async () => (await role(ports[0])) === 'active');
    await start(ports[1]);
    expect(await get(ports[0], '/health/live')).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    expect(await get(ports[1], '/health/ready')).toMatchObject({ status: 200, text: '{"status":"ok","role":"standby"}' });
    expect(await get(ports[0], '/health/ready')).toMatchObject({ status: 200, text: '{"status":"ok","role":"active"}' });
    expect(await get(ports[0], '/anything-else')).toMatchObject({ status: 404 });
  });

  it('given /metrics, then each says whether it holds the lease, with the lag of every projection', async () => {
    expect((await gauge(ports[0], 'tenancy_projector_lease_held'))[0].value).toBe('1');
    expect((await gauge(ports[1], 'tenancy_projector_lease_held'))[0].value).toBe('0');
    const lag = await gauge(ports[0], 'tenancy_projection_lag_events');
    expect(lag.map((m) => m.labels?.projection)).toContain(companiesProjection.name);
    expect((await get(ports[0], '/metrics')).type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await gauge(ports[0], 'process_cpu_seconds_total')).length).toBe(1);
  });

  it('given SIGTERM to the active one while events keep coming, then it exits 0, the stand-by takes over at once, and every event is projected and published once', async () => {
    const [active, standby] = running;
    const companies = Array.from({ length: 120 }, () => randomUUID());
    let stoppedAt = 0;
    const appending = (async () => {
      for (const [index, companyId] of companies.entries()) {
        await appendToCompany(stores.events, companyId, [created(companyId)]);
        if (index === 40) {
          stoppedAt = Date.now();
          active.child.kill('SIGTERM');
        }
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    await until(async () => stoppedAt > 0);
    await until(async () => (await role(ports[1])) === 'active', 10_000);
    const takeoverMs = Date.now() - stoppedAt;
    const exit = await active.exited;
    const exitMs = Date.now() - stoppedAt;
    await appending;
    process.stdout.write(`[projector-process] SIGTERM to takeover ${takeoverMs} ms (lease ttl ${TTL_MS} ms); exit ${exit.code} after ≤ ${exitMs} ms\n`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(takeoverMs).toBeLessThan(TTL_MS / 3);
    expect(active.log().some((line) => /shut down in \d+ ms/.test(String(line.msg)))).toBe(true);

    // Nothing lost: every company reaches the read model, and the checkpoint the head.
    await until(async () => (await stores.readModels.checkpoint(companiesProjection.name)) === (await stores.events.headPosition()));
    for (const companyId of companies) expect(await stores.readModels.get(companiesProjection.name, companyId)).not.toBeNull();
    // Nothing twice: each event once on Kafka across the handover (the fan-out committed its checkpoint before letting go).
    if (brokers) {
      const received = await readTopic(kafkaClient(brokers.split(',')), topic, (r) => deliveryReport(r).events >= companies.length);
      expect(deliveryReport(received)).toMatchObject({ events: companies.length, duplicates: 0, outOfOrder: [] });
    }
    standby.child.kill('SIGTERM');
    expect(await standby.exited).toEqual({ code: 0, signal: null });
  });
});

describe('The projector process whose work an error ended', () => {
  let dataDir: string;
  let stores: Stores;
  let projector: RunningApp | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tenancy-projector-stopped-'));
    stores = await openStores(readConfig({ DATA_DIR: dataDir }));
  });
  afterAll(async () => {
    projector?.kill();
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given the read models refusing writes, when an event comes, then /health/ready answers 503 naming the projections while it keeps the lease', async () => {
    const [port] = await freePorts(1);
    projector = await startApp(builtApp('tenancy-projector'), {
      DATA_DIR: dataDir, PROJECTOR_PORT: String(port), PROJECTOR_LEASE_TTL_MS: String(TTL_MS), MONGODB_URL: '', EVENTSTORE_URL: '', KAFKA_BROKERS: '',
    }, /health and metrics on port/);
    await until(async () => (await role(port)) === 'active');
    // A file that no longer takes the read models' writes (a full disk, a damaged table), standing in.
    stores.sqlite!.exec("CREATE TRIGGER refuse BEFORE INSERT ON rm_companies_v2 BEGIN SELECT RAISE(ABORT, 'the read model refuses'); END");

    const companyId = randomUUID();
    await appendToCompany(stores.events, companyId, [created(companyId)]);

    await until(async () => (await get(port, '/health/ready')).status === 503);
    expect(JSON.parse((await get(port, '/health/ready')).text)).toEqual({ status: 'unavailable', role: 'active', stopped: ['projections'] });
    expect((await get(port, '/health/live')).status).toBe(200);
  });
});

describe('The projector process at start-up', () => {
  it('given a PROJECTOR_PORT another process listens on, then it exits 1 with one line saying so, having made nothing in DATA_DIR', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'tenancy-projector-start-')), 'fresh');
    try {
      await withBusyPort(async (port) => {
        const { code, lines } = await runAppToExit(builtApp('tenancy-projector'), {
          DATA_DIR: dataDir, PROJECTOR_PORT: String(port), MONGODB_URL: '', EVENTSTORE_URL: '', KAFKA_BROKERS: '', LOG_LEVEL: 'info',
        });

        expect(code).toBe(1);
        expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({
          level: 'fatal', msg: `not started: PROJECTOR_PORT ${port} is in use: stop what holds it or set PROJECTOR_PORT to another port; nothing has been changed.`,
        })]);
        expect(existsSync(dataDir)).toBe(false);
      });
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });
});
