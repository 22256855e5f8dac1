/*
 * MongoDB (read models, keys, idempotency) going away under the running service and coming back:
 * requests are answered 503 `service.unavailable` with Retry-After within the driver's 2 s server
 * selection (not its 30 s default), a command refused so appended nothing, the log says what the
 * client really got, and everything works again once MongoDB is back.
 */
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { createLogger, readConfig } from '@tenancy/platform';
import { SwitchableProxy } from '../../../libs/testing/src/servers/switchable-proxy';
import { newCompany, staffToken, TestApp } from './harness';

jest.setTimeout(120_000);

/** Much less than the driver's default 30 s per operation (a command makes two), however loaded the machine. */
const PROMPT_MS = 15_000;

const mongoUrl = process.env.MONGODB_URL;
(mongoUrl ? describe : describe.skip)('MongoDB going away and coming back', () => {
  const database = `outage_${randomUUID().slice(0, 8)}`;
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
  let proxy: SwitchableProxy;
  let t: TestApp;

  beforeAll(async () => {
    proxy = await SwitchableProxy.start(SwitchableProxy.targetOf(mongoUrl!));
    t = await TestApp.start(undefined, { MONGODB_URL: proxy.via(mongoUrl!), MONGODB_DATABASE: database },
      { logger: createLogger(readConfig({ LOG_LEVEL: 'info' }), 'tenancy-service', sink) });
  });
  afterAll(async () => {
    await t?.stop();
    await proxy?.close();
    const client = await MongoClient.connect(mongoUrl!);
    await client.db(database).dropDatabase();
    await client.close();
  });
  afterEach(() => proxy.switchOn());

  const timed = async (method: string, url: string, body?: unknown) => {
    const started = Date.now();
    const response = await t.request(method, url, body);
    return { ...response, ms: Date.now() - started };
  };
  const companiesCreated = () => {
    const db = new Database(join(t.dataDir, 'tenancy.sqlite'), { readonly: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM es_events WHERE type = 'CompanyCreated'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const eventually = async <T>(attempt: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; ; i++) {
      const value = await attempt();
      if (done(value) || i === 20) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  it('given MongoDB unreachable, then readiness, a list and a create answer 503 service.unavailable with Retry-After promptly, and the create appended nothing; once it is back, they work again', async () => {
    expect((await t.request('POST', '/v1/companies', newCompany({ name: 'Before' }))).status).toBe(201);
    const createdBefore = companiesCreated();

    proxy.switchOff();
    const answers = [
      await timed('GET', '/health/ready'),
      await timed('GET', '/v1/companies'),
      await timed('POST', '/v1/companies', newCompany({ name: 'During the outage' })),
    ];

    for (const answer of answers) {
      expect([answer.status, answer.body.code, answer.headers['retry-after']]).toEqual([503, 'service.unavailable', '5']);
      expect(answer.ms).toBeLessThan(PROMPT_MS);
    }
    expect(companiesCreated()).toBe(createdBefore);
    // An outage to notice, not a fault to debug: a warning naming the code, without the driver's stack.
    const problems = lines.map((line) => JSON.parse(line)).filter((entry) => entry.context === 'Problem');
    expect(problems.map((entry) => [entry.level, entry.msg.split(': ').slice(0, 2).join(': ')])).toEqual([
      ['warn', 'GET /health/ready: service.unavailable'], ['warn', 'GET /v1/companies: service.unavailable'], ['warn', 'POST /v1/companies: service.unavailable'],
    ]);
    expect(problems.some((entry) => /\n\s+at /.test(entry.msg))).toBe(false);

    proxy.switchOn();
    expect((await eventually(() => t.request('GET', '/health/ready'), (r) => r.status === 200)).status).toBe(200);
    expect((await t.request('POST', '/v1/companies', newCompany({ name: 'After' }))).status).toBe(201);
    const names = (await t.request('GET', '/v1/companies?limit=50')).body.items.map((c: { name: string }) => c.name);
    expect(names.sort()).toEqual(['After', 'Before']);
    expect(companiesCreated()).toBe(createdBefore + 1);
  });

  it('given a client that gives up on a create while MongoDB is away, then the log says it was aborted, not 201, and then what the server came to', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as { port: number };
    proxy.switchOff();
    const payload = JSON.stringify(newCompany({ name: 'Abandoned' }));
    const requestId = `abandoned-${randomUUID()}`;

    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1', port, method: 'POST', path: '/v1/companies', agent: false,
        headers: { authorization: `Bearer ${staffToken()}`, 'content-type': 'application/json', 'x-request-id': requestId },
      }, () => resolve('answered'));
      req.on('error', () => resolve('gave up'));
      req.end(payload);
      setTimeout(() => req.destroy(), 300);
    });
    const ours = () => lines.map((line) => JSON.parse(line)).filter((entry) => entry.requestId === requestId);
    const logged = await eventually(async () => ours(), (entries) => entries.some((entry) => entry.unheard));

    expect(outcome).toBe('gave up');
    expect(logged.find((entry) => entry.route === '/v1/companies' && !entry.unheard)).toEqual(expect.objectContaining({
      level: 'warn', method: 'POST', aborted: true, msg: 'POST /v1/companies aborted by the client before the answer',
    }));
    expect(logged.find((entry) => entry.route === '/v1/companies' && !entry.unheard)).not.toHaveProperty('status');
    expect(logged.find((entry) => entry.unheard)).toEqual(expect.objectContaining({
      status: 503, msg: 'POST /v1/companies 503 answered after the client went away',
    }));
  });
});
