/*
 * Correlation and traces: the caller's traceparent (or X-Request-Id) is the correlation of what
 * its command records and reaches Kafka consumers as headers; with OTEL_EXPORTER_OTLP_ENDPOINT set
 * the spans of the request, the command, the append, the projection batch and the Kafka publish
 * go to the collector, joined in the caller's trace.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaClient, readTopic } from '../../../libs/messaging/src/fan-out/testing/fan-out-fixtures';
import { builtApp, startApp } from '../../../libs/testing/src/processes/built-app';
import { freePorts } from '../../../libs/testing/src/servers/free-port';
import { JWT_SECRET, newCompany, staff, staffToken, TestApp } from './harness';

jest.setTimeout(120_000);

const brokers = process.env.KAFKA_BROKERS;
if (!brokers) process.stdout.write('[traces] KAFKA_BROKERS not set: the Kafka headers are not checked\n');

interface ExportedSpan { name: string; traceId: string; spanId: string; parentSpanId?: string }

/** An OTLP/HTTP collector that keeps every span it is sent (JSON). */
async function fakeCollector(): Promise<{ server: Server; endpoint: string; spans: ExportedSpan[] }> {
  const spans: ExportedSpan[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const sent = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: ExportedSpan[] }> }> };
      for (const resource of sent.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans };
}

const newTrace = () => {
  const ids = { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };
  return { ...ids, header: `00-${ids.traceId}-${ids.spanId}-01` };
};

describe('Correlation of a request (no tracing)', () => {
  let t: TestApp;
  const prefix = `e2e-correlation-${randomUUID().slice(0, 8)}.`;
  beforeAll(async () => { t = await TestApp.start(undefined, brokers ? { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix } : {}); }, 60_000);
  afterAll(() => t.stop());

  const correlationsOf = async (companyId: string) =>
    new Set((await t.request('GET', `/v1/companies/${companyId}/events`)).body.items.map((e: { correlationId: string }) => e.correlationId));

  it('given a traceparent, then its trace id is the correlation of the events, and Kafka consumers get both', async () => {
    const caller = newTrace();
    const created = await t.request('POST', '/v1/companies', newCompany(), staff({ traceparent: caller.header }));
    expect(await correlationsOf(created.body.id)).toEqual(new Set([caller.traceId]));
    if (brokers) {
      const received = await readTopic(kafkaClient(brokers.split(',')), `${prefix}tenancy.events`, (r) => r.some((m) => m.key === created.body.id), 30_000);
      const message = received.find((m) => m.key === created.body.id)!;
      expect({ correlation: message.headers['correlation-id'], traceparent: message.headers.traceparent })
        .toEqual({ correlation: caller.traceId, traceparent: caller.header });
    }
  });

  it('given X-Request-Id and no traceparent, then it is the correlation; given X-Correlation-Id too, that one wins', async () => {
    const byRequestId = await t.request('POST', '/v1/companies', newCompany(), staff({ 'x-request-id': 'req-from-the-proxy-1' }));
    expect(await correlationsOf(byRequestId.body.id)).toEqual(new Set(['req-from-the-proxy-1']));
    const explicit = await t.request('POST', '/v1/companies', newCompany(), staff({
      'x-correlation-id': 'corr-explicit-1', traceparent: newTrace().header, 'x-request-id': 'req-2',
    }));
    expect(await correlationsOf(explicit.body.id)).toEqual(new Set(['corr-explicit-1']));
  });

  it('given no correlation header, then the request id answered as X-Request-Id is the events\' correlation; given X-Request-Id, it is echoed and is the correlation', async () => {
    const created = await t.request('POST', '/v1/companies', newCompany());
    const made = String(created.headers['x-request-id']);
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(await correlationsOf(created.body.id)).toEqual(new Set([made]));
    const changed = await t.request('PATCH', `/v1/companies/${created.body.id}`, { name: 'Acme Two' }, staff({ 'x-request-id': 'my-req-1' }));
    expect([changed.status, changed.headers['x-request-id']]).toEqual([200, 'my-req-1']);
    expect(await correlationsOf(created.body.id)).toEqual(new Set([made, 'my-req-1']));
    // One that is no visible id is not taken: the request gets an id of its own, and that is the correlation.
    const odd = await t.request('POST', '/v1/companies', newCompany(), staff({ 'x-request-id': 'has spaces' }));
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await correlationsOf(odd.body.id)).toEqual(new Set([odd.headers['x-request-id']]));
  });

  it('given a malformed traceparent, then it is ignored: the command runs with a correlation of its own', async () => {
    const created = await t.request('POST', '/v1/companies', newCompany(), staff({ traceparent: '00-not-a-trace-01' }));
    expect(created.status).toBe(201);
    expect([...await correlationsOf(created.body.id)][0]).not.toContain('not-a-trace');
  });
});

describe('Traces exported with OTEL_EXPORTER_OTLP_ENDPOINT (the built service)', () => {
  it('given a request with a traceparent, then its span, the command\'s, the append\'s, a projection batch and the Kafka publish reach the collector, in the caller\'s trace', async () => {
    const collector = await fakeCollector();
    const dataDir = mkdtempSync(join(tmpdir(), 'tenancy-traces-'));
    const [port] = await freePorts(1);
    const topic = `tenancy.events.traces-${randomUUID()}`;
    const service = await startApp(builtApp('tenancy-service'), {
      DATA_DIR: dataDir, PORT: String(port), AUTH_JWT_SECRET: JWT_SECRET, OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      MONGODB_URL: '', EVENTSTORE_URL: '', KAFKA_BROKERS: brokers ?? '', KAFKA_EVENTS_TOPIC: topic,
    }, /Listening on/);
    try {
      const caller = newTrace();
      const res = await fetch(`http://127.0.0.1:${port}/v1/companies`, {
        method: 'POST', body: JSON.stringify(newCompany()),
        headers: { authorization: `Bearer ${staffToken()}`, 'content-type': 'application/json', traceparent: caller.header },
      });
      expect(res.status).toBe(201);
      const companyId = (await res.json()).id;
      let published: string | undefined;
      if (brokers) {
        const received = await readTopic(kafkaClient(brokers.split(',')), topic, (r) => r.some((m) => m.key === companyId), 30_000);
        published = received.find((m) => m.key === companyId)!.headers.traceparent;
      }
      service.child.kill('SIGTERM'); // shutting down sends the spans still buffered
      expect(await service.exited).toEqual({ code: 0, signal: null });

      const named = (name: string) => collector.spans.filter((s) => s.name === name && s.traceId === caller.traceId);
      const [request] = named('POST /v1/companies');
      expect(request.parentSpanId).toBe(caller.spanId);
      const [command] = named('command CreateCompany');
      expect(command.parentSpanId).toBe(request.spanId);
      expect(named('append').map((s) => s.parentSpanId)).toContain(command.spanId);
      expect(collector.spans.some((s) => s.name === 'projections batch')).toBe(true);
      if (brokers) {
        // The message carries the command's span: a consumer's span joins the caller's trace below it.
        expect(published).toBe(`00-${caller.traceId}-${command.spanId}-01`);
        expect(collector.spans.some((s) => s.name === 'kafka publish')).toBe(true);
      }
    } finally {
      service.kill();
      collector.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
