import type { EventStore } from '@tenancy/event-store';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger, EVENT_STORE, readConfig } from '@tenancy/platform';
import { newCompany, staffToken, TestApp } from './harness';
import { exchange } from './raw-http';

/** How long a request may take to arrive in these tests: short, so none of them waits long. */
const TIMEOUT_MS = 400;

const head = (length: string) => 'POST /v1/companies HTTP/1.1\r\nHost: localhost\r\n'
  + `Authorization: Bearer ${staffToken()}\r\nContent-Type: application/json\r\n${length}\r\n\r\n`;

/** Every line the app logs, parsed. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { String(chunk).split('\n').filter(Boolean).forEach((l) => lines.push(JSON.parse(l))); done(); } });
  return { lines, logger: createLogger(readConfig({ LOG_LEVEL: 'info' }), 'tenancy-service', sink) };
}

/**
 * Requests that do not arrive whole: too slowly, cut short, or followed by bytes that are no
 * request. Each gets the answer README promises, over a real socket, and changes nothing.
 */
describe('Incomplete requests', () => {
  const log = capturedLog();
  let t: TestApp;
  let port: number;
  const position = () => t.app.get<EventStore>(EVENT_STORE).headPosition();

  beforeAll(async () => {
    t = await TestApp.start(undefined, {}, { logger: log.logger, requestTimeoutMs: TIMEOUT_MS });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => t.stop());

  async function logLine(requestId: string): Promise<Record<string, unknown>> {
    for (let tries = 0; tries < 200; tries++) {
      const line = log.lines.find((entry) => entry.requestId === requestId && entry.route !== undefined);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no request log line for ${requestId}`);
  }

  it('given a body shorter than its Content-Length and a client that waits, then 408 request.timeout once the bound has passed, logged under its route', async () => {
    const before = await position();
    const { answers, ms } = await exchange(port, `${head('Content-Length: 50')}{}`);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ status: 408, body: { status: 408, code: 'request.timeout', instance: '/v1/companies' } });
    expect(answers[0].headers).toContain('content-type: application/problem+json');
    expect(answers[0].headers).toContain('connection: close');
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    const requestId = /x-request-id: (\S+)/.exec(answers[0].headers)![1];
    expect(await logLine(requestId)).toMatchObject({ level: 'info', route: '/v1/companies', status: 408 });
    expect(await position()).toBe(before);
  });

  it('given a body sent in chunks whose last chunk never comes, then 408 request.timeout', async () => {
    const { answers } = await exchange(port, `${head('Transfer-Encoding: chunked')}2\r\n{}\r\n`);
    expect(answers.map((a) => [a.status, a.body?.code])).toEqual([[408, 'request.timeout']]);
  });

  it('given a request head that never ends, then 408 request.timeout too', async () => {
    const { answers, ms } = await exchange(port, 'GET /v1/me HTTP/1.1\r\nHost: localhost\r\n');
    expect(answers.map((a) => [a.status, a.body?.code])).toEqual([[408, 'request.timeout']]);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  for (const [shape, length, body] of [
    ['shorter than its Content-Length', 'Content-Length: 50', '{}'],
    ['in chunks, without its last chunk', 'Transfer-Encoding: chunked', '2\r\n{}\r\n'],
  ]) {
    it(`given a client that stops sending with its body ${shape}, then 400 request.malformed at once`, async () => {
      const before = await position();
      const { answers, ms } = await exchange(port, `${head(length)}${body}`, { halfClose: true });
      expect(answers).toHaveLength(1);
      expect(answers[0]).toMatchObject({ status: 400, body: { code: 'request.malformed', errors: [{ field: 'body' }] } });
      expect(answers[0].headers).toContain('content-type: application/problem+json');
      expect(ms).toBeLessThan(TIMEOUT_MS);
      expect(await position()).toBe(before);
    });
  }

  it('given bytes after the body its Content-Length declares, then that request is answered first and the bytes, read as the next request, get 400 request.malformed_http', async () => {
    const before = await position();
    const json = JSON.stringify(newCompany({ name: 'Trailing Bytes GmbH' }));
    const { answers } = await exchange(port, `${head(`Content-Length: ${Buffer.byteLength(json)}`)}${json}NOT HTTP\r\n\r\n`);
    expect(answers.map((a) => [a.status, a.body?.code])).toEqual([[201, undefined], [400, 'request.malformed_http']]);
    expect(await position()).toBeGreaterThan(before);
  });

  it('given a client that goes away before its body came, then the log says so, without a status, an error or an unheard answer', async () => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.write(head('Content-Length: 50').replace('\r\n\r\n', '\r\nX-Request-Id: gone-1\r\n\r\n'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.resetAndDestroy();
    const line = await logLine('gone-1');
    expect(line).toMatchObject({ level: 'warn', route: '/v1/companies', aborted: true, msg: 'POST /v1/companies aborted by the client before the answer' });
    expect(line).not.toHaveProperty('status');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.lines.filter((entry) => entry.level === 'error' || entry.unheard)).toEqual([]);
  });
});
