import { Writable } from 'node:stream';
import { createLogger, readConfig } from '@tenancy/platform';
import { companyWithOwner, person, staff, staffToken, TestApp } from './harness';

/** Everything the app logs, line by line, at the most talkative level (request headers included). */
function capturedLog() {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
  return { lines, logger: createLogger(readConfig({ LOG_LEVEL: 'trace' }), 'tenancy-service', sink) };
}

describe('The log: one JSON object per line, credentials and emails redacted', () => {
  const log = capturedLog();
  let t: TestApp;
  const handedOut: string[] = [];
  const owner = person('log-owner', 'log.owner@acme.example');
  const contactEmail = 'ops.log@acme.example';
  let companyId: string;
  const answeredIds: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start(undefined, {}, { logger: log.logger });
    // A whole working session: a company with its owner, a token regenerated and paired, a secret rotated, refusals.
    companyId = await companyWithOwner(t, owner, { contactEmail });
    const token = await t.request('POST', `/v1/companies/${companyId}/api-token`, undefined, staff({ 'x-correlation-id': 'corr-log-1' }));
    handedOut.push(token.body.apiToken);
    await t.request('POST', '/v1/pairing', { apiToken: token.body.apiToken }, {});
    await t.request('POST', '/v1/pairing', { apiToken: `${token.body.apiToken}x` }, {});
    const secret = await t.request('POST', `/v1/companies/${companyId}/secret`, undefined, owner.caller);
    handedOut.push(secret.body.secret);
    await t.request('POST', `/v1/companies/${companyId}/members`, { userId: 'u-log', email: 'not an email', role: 'member' });
    await t.request('GET', `/v1/companies/${companyId}`, undefined, { token: 'not-a-jwt' });
    await t.request('GET', '/no/such/route?email=hidden@acme.example');
    for (const headers of [{}, { 'x-request-id': 'my-req-1' }] as Record<string, string>[]) {
      answeredIds.push(String((await t.request('PATCH', `/v1/companies/${companyId}`, { name: 'Acme Log' }, staff(headers))).headers['x-request-id']));
    }
    await t.stop();
  });

  it('given a whole session, then every line is a JSON object with a level, an ISO time and a message', () => {
    // Nest's own lines and the app's `new Logger(context)` lines come through the same logger.
    expect(log.lines.map((line) => JSON.parse(line).context)).toEqual(expect.arrayContaining(['Storage', 'RouterExplorer']));
    for (const line of log.lines) {
      expect(JSON.parse(line)).toEqual(expect.objectContaining({
        level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: expect.any(String),
      }));
    }
  });

  it('given requests, then each has one line with its request id, correlation id, route pattern, status and duration', () => {
    const requests = log.lines.map((line) => JSON.parse(line)).filter((entry) => entry.route !== undefined);
    const regenerated = requests.find((entry) => entry.correlationId === 'corr-log-1');
    expect(regenerated).toEqual(expect.objectContaining({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), method: 'POST', route: '/v1/companies/:id/api-token', status: 200,
      durationMs: expect.any(Number), msg: 'POST /v1/companies/:id/api-token 200',
    }));
    expect(requests.find((entry) => entry.status === 404)?.route).toBe('unmatched');
    expect(new Set(requests.map((entry) => entry.requestId)).size).toBe(requests.length);
    expect(requests.some((entry) => JSON.stringify(entry.route).includes(companyId))).toBe(false);
  });

  it('given requests without a correlation header, then each line\'s request id and correlation id are the X-Request-Id answered', () => {
    const requests = log.lines.map((line) => JSON.parse(line)).filter((entry) => entry.route !== undefined);
    expect(answeredIds[1]).toBe('my-req-1');
    for (const id of answeredIds) {
      expect(requests.filter((entry) => entry.requestId === id).map((entry) => [entry.correlationId, entry.route]))
        .toEqual([[id, '/v1/companies/:id']]);
    }
  });

  it('given the request headers at debug level, then Authorization is there, redacted', () => {
    const withHeaders = log.lines.map((line) => JSON.parse(line)).filter((entry) => entry.headers?.authorization !== undefined);
    expect(withHeaders.length).toBeGreaterThan(0);
    expect(new Set(withHeaders.map((entry) => entry.headers.authorization))).toEqual(new Set(['[redacted]']));
  });

  it('given the whole log, then no bearer token, API token, tenant secret or email is in it', () => {
    const whole = log.lines.join('\n');
    const secrets = [
      staffToken(), 'not-a-jwt', ...handedOut, ...handedOut.map((value) => value.slice(8)),
      owner.email, contactEmail, 'hidden@acme.example',
    ];
    expect(handedOut).toHaveLength(2);
    expect(secrets.filter((secret) => whole.includes(secret.split('.').slice(0, 2).join('.')))).toEqual([]);
    expect(whole).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});
