import { join } from 'node:path';
import Database from 'better-sqlite3';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { ALL_PROJECTIONS } from '@tenancy/projections';
import { newCompany, staff, TestApp } from './harness';

type Family = { name: string; type: string; metrics: Array<{ value?: string; count?: string; labels?: Record<string, string> }> };

/**
 * GET /metrics, read with a Prometheus text parser as a scraper would. The parser folds a
 * histogram with labels into one series, so histograms are read a second time as untyped
 * families, one per `_bucket`, `_sum` and `_count` (met again for each series), each series with its labels.
 */
async function scrape(t: TestApp): Promise<Map<string, Family>> {
  const res = await t.request('GET', '/metrics', undefined, {});
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const families = [res.text, res.text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped')]
    .flatMap((text) => parsePrometheusTextFormat(text) as Family[]);
  const byName = new Map<string, Family>();
  for (const family of families) {
    const name = family.type === 'UNTYPED' ? `${family.name}:series` : family.name;
    const known = byName.get(name);
    if (known && family.type === 'UNTYPED') known.metrics.push(...family.metrics);
    else byName.set(name, family);
  }
  return byName;
}

const sample = (family: Family | undefined, labels: Record<string, string>) =>
  family?.metrics.find((m) => Object.entries(labels).every(([key, value]) => m.labels?.[key] === value));

describe('GET /metrics', () => {
  let t: TestApp;
  let companyId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const created = await t.request('POST', '/v1/companies', newCompany());
    companyId = created.body.id;
    await t.request('GET', `/v1/companies/${companyId}`);
    await t.request('PATCH', `/v1/companies/${companyId}`, { name: 'Other' }, staff({ 'if-match': '"0"' }));
    await t.request('DELETE', `/v1/companies/${companyId}`, { confirmName: 'Not the name' });
  });
  afterAll(() => t.stop());

  it('given requests, then their durations are counted by method, route pattern and status, never by raw path', async () => {
    const metrics = await scrape(t);
    const durations = metrics.get('tenancy_http_request_duration_seconds');
    expect(durations?.type).toBe('HISTOGRAM');
    const counts = metrics.get('tenancy_http_request_duration_seconds_count:series');
    expect(sample(counts, { method: 'GET', route: '/v1/companies/:id', status: '200' })?.value).toBe('1');
    expect(sample(counts, { method: 'POST', route: '/v1/companies', status: '201' })?.value).toBe('1');
    expect(sample(counts, { method: 'PATCH', route: '/v1/companies/:id', status: '412' })?.value).toBe('1');
    expect(JSON.stringify(counts)).not.toContain(companyId);
  });

  it('given commands accepted, refused by a rule and sent with a stale If-Match, then each outcome is counted by type and transport', async () => {
    const commands = (await scrape(t)).get('tenancy_commands_total');
    expect(commands?.type).toBe('COUNTER');
    expect(sample(commands, { type: 'CreateCompany', transport: 'http', outcome: 'accepted' })?.value).toBe('1');
    expect(sample(commands, { transport: 'http', outcome: 'conflict' })?.value).toBe('1');
    expect(sample(commands, { transport: 'http', outcome: 'rejected' })?.value).toBe('1');
  });

  it('given the read models caught up, then each projection\'s lag is 0; the dead-letter series and the process defaults are there', async () => {
    const metrics = await scrape(t);
    const lag = metrics.get('tenancy_projection_lag_events');
    expect(lag?.metrics.map((m) => m.labels?.projection).sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());
    expect(new Set(lag?.metrics.map((m) => m.value))).toEqual(new Set(['0']));
    for (const name of ['tenancy_kafka_dead_letters_total', 'process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(metrics.has(name) ? name : `${name} missing`).toBe(name);
    }
    expect(metrics.get('tenancy_kafka_dead_letters_total')?.metrics[0].value).toBe('0');
  });

  it('given the embedded default (no Kafka, no projector lease), then the gauges of parts it does not have are absent, not 0 for a generic alert to fire on', async () => {
    const metrics = await scrape(t);
    expect(['tenancy_kafka_commands_consuming', 'tenancy_projector_lease_held', 'tenancy_fanout_lag_events'].filter((name) => metrics.has(name))).toEqual([]);
  });
});

describe('GET /metrics on background work that keeps failing', () => {
  let t: TestApp;
  // A clean stop gives the batch in hand (still failing) its drain time before it abandons it.
  afterEach(() => t?.stop(), 20_000);

  it('given reactions that cannot record a deletion, then their failed attempts in a row grow while the others stay at 0', async () => {
    t = await TestApp.start();
    const attempts = async () => Object.fromEntries((await scrape(t)).get('tenancy_background_failed_attempts')?.metrics
      .map((m) => [m.labels?.part, Number(m.value)]) ?? []);
    expect(await attempts()).toEqual({ reactions: 0, 'webhook delivery': 0 });
    const { id } = (await t.request('POST', '/v1/companies', newCompany({ name: 'Doomed' }))).body;
    // A file that refuses the deletion's tombstone (a full disk, a damaged table), standing in: the reactions retry it.
    const db = new Database(join(t.dataDir, 'tenancy.sqlite'));
    try {
      db.exec("CREATE TRIGGER refuse BEFORE UPDATE OF deleted ON es_streams WHEN NEW.deleted = 1 BEGIN SELECT RAISE(ABORT, 'the file refuses'); END");
    } finally {
      db.close();
    }

    await t.request('DELETE', `/v1/companies/${id}`, { confirmName: 'Doomed' });

    for (const deadline = Date.now() + 15_000; (await attempts()).reactions < 2 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 200));
    expect(await attempts()).toEqual({ reactions: expect.any(Number), 'webhook delivery': 0 });
    expect((await attempts()).reactions).toBeGreaterThanOrEqual(2);
  }, 30_000);
});

describe('GET /metrics with METRICS_ENABLED=false', () => {
  it('given metrics turned off, then the route is not there', async () => {
    const t = await TestApp.start(undefined, { METRICS_ENABLED: 'false' });
    try {
      expect((await t.request('GET', '/metrics', undefined, {})).status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});
