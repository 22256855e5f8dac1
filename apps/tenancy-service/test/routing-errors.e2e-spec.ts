import type { EventStore } from '@tenancy/event-store';
import { connect, type Socket } from 'node:net';
import { BODY_LIMIT_BYTES } from '../src/http/body-rules';
import { LINGER_MS } from '../src/http/close-after-answer';
import { MAX_PATH_PARAMETER_LENGTH } from '../src/http/method-not-allowed';
import { EVENT_STORE } from '@tenancy/platform';
import { newCompany, staff, staffToken, TestApp, type Response } from './harness';
import { appRoutes, CHANGING_METHODS, concretePath, type AppRoute } from './routes';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The errors no route handler raises: the router's (unknown path, unknown method, a path that
 * cannot be decoded) and the body reader's limit. Each is problem+json with a stable code, on
 * every path, and changes nothing.
 */
describe('Routing and framework errors', () => {
  let t: TestApp;
  let routes: AppRoute[];
  let companyId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    routes = appRoutes(t.app);
    companyId = (await t.request('POST', '/v1/companies', newCompany())).body.id;
  });
  afterAll(async () => t.stop());

  const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
  const ids = () => ({ id: companyId, userId: 'user-1', invitationId: 'invitation-1' });

  function expectProblem(res: Response, status: number, code: string, method: string, path: string): void {
    expect({ method, path, status: res.status }).toEqual({ method, path, status });
    expect(res.headers['content-type']).toContain('application/problem+json');
    // A HEAD answer has headers only.
    if (method !== 'HEAD') expect(res.body).toMatchObject({ status, code, type: `urn:tenancy:problem:${code}` });
  }

  it('given a method a path does not have, then every path answers 405 with Allow naming the methods it has', async () => {
    const byPath = new Map<string, Set<string>>();
    for (const route of routes) byPath.set(route.path, (byPath.get(route.path) ?? new Set()).add(route.method));
    const before = await head();
    for (const [pattern, methods] of byPath) {
      if (methods.has('GET')) methods.add('HEAD');
      const path = concretePath({ path: pattern } as AppRoute, ids());
      for (const method of METHODS.filter((m) => !methods.has(m))) {
        const res = await t.request(method, path, method === 'GET' || method === 'HEAD' ? undefined : {}, staff());
        expectProblem(res, 405, 'request.method_not_allowed', method, pattern);
        expect(res.headers.allow).toBe([...methods].sort().join(', '));
      }
    }
    expect(await head()).toBe(before);
  });

  it('given a malformed Idempotency-Key, then every changing route refuses it with 400 before anything runs', async () => {
    const before = await head();
    for (const route of routes.filter((r) => CHANGING_METHODS.has(r.method))) {
      const res = await t.request(route.method, concretePath(route, ids()), {}, staff({ 'idempotency-key': 'has spaces in it' }));
      expectProblem(res, 400, 'request.invalid_idempotency_key', route.method, route.path);
    }
    expect(await head()).toBe(before);
  });

  it('given a path that does not exist, then every method answers 404, with or without a token', async () => {
    for (const path of ['/v1/nothing-here', '/v1/companies/x/y/z/w', '/', '/v2/companies']) {
      for (const method of METHODS) {
        expectProblem(await t.request(method, path, undefined, staff()), 404, 'route.not_found', method, path);
        expectProblem(await t.request(method, path, undefined, {}), 404, 'route.not_found', method, path);
      }
    }
  });

  it('given a member whose id is as long as ids may be, in letters that percent-encoding lengthens, then their routes reach them', async () => {
    const userId = '\u00fc'.repeat(200);
    const linked = await t.request('POST', `/v1/companies/${companyId}/members`, { userId, email: 'long@acme.example', role: 'viewer' });
    expect(linked.status).toBe(201);
    const res = await t.request('POST', `/v1/companies/${companyId}/members/${encodeURIComponent(userId)}/deactivate`);
    expect({ status: res.status, userId: res.body.userId }).toEqual({ status: 200, userId });
  });

  it('given a path parameter longer than the router takes, then 404 for the methods the path has, never a 405 naming them', async () => {
    const before = await head();
    const path = `/v1/companies/${'x'.repeat(MAX_PATH_PARAMETER_LENGTH + 1)}/settings`;
    for (const method of ['GET', 'PUT']) expectProblem(await t.request(method, path, method === 'PUT' ? {} : undefined, staff()), 404, 'route.not_found', method, path);
    expectProblem(await t.request('DELETE', path, undefined, staff()), 405, 'request.method_not_allowed', 'DELETE', path);
    expect(await head()).toBe(before);
  });

  it('given a malformed percent-encoding in any path parameter, then every route answers 400 problem+json', async () => {
    const before = await head();
    for (const route of routes) {
      const broken = route.params.length > 0 ? route.params : [];
      for (const param of broken) {
        const path = concretePath(route, { ...ids(), [param]: '%ZZ' });
        expectProblem(await t.request(route.method, path, undefined, staff()), 400, 'request.bad_url', route.method, route.path);
      }
    }
    for (const path of ['/%ZZ', '/v1/%E0%A4%A', '/v1/companies/%ZZ/members', '/v1/pairing%FF']) {
      expectProblem(await t.request('POST', path, {}, staff()), 400, 'request.bad_url', 'POST', path);
    }
    expect(await head()).toBe(before);
  });

  it('given a body over the limit, then 413 says so', async () => {
    const before = await head();
    const res = await t.request('POST', '/v1/companies', newCompany({ name: 'x'.repeat(BODY_LIMIT_BYTES) }));
    expectProblem(res, 413, 'request.body_too_large', 'POST', '/v1/companies');
    expect(res.body.errors).toEqual([{ field: 'body', message: 'must be at most 64 KiB' }]);
    expect(await head()).toBe(before);
  });

  describe('over a real socket', () => {
    let port: number;
    beforeAll(async () => {
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as { port: number }).port;
    });

    /** A client that sends a request head and then as much body as it likes, and reads as it goes. */
    function client() {
      // Half-open allowed: the client goes on sending after the server has stopped writing.
      const socket: Socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
      let received = '';
      let writeError: Error | undefined;
      socket.on('data', (chunk) => { received += chunk.toString('latin1'); });
      socket.on('error', (error) => { writeError = error; });
      const ended = new Promise<void>((resolve) => socket.once('end', resolve));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      return {
        socket, ended, closed,
        get received() { return received; },
        get error() { return writeError; },
        /** The status line and headers, once the answer has arrived. */
        async answer(): Promise<{ status: number; headers: string; body: string }> {
          const deadline = Date.now() + 10_000;
          while (!/\r\n\r\n/.test(received) || !received.includes('}')) {
            if (Date.now() > deadline) throw new Error(`no answer within 10 s; got ${JSON.stringify(received)}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          const [headers, body] = received.split('\r\n\r\n');
          return { status: Number(headers.split(' ')[1]), headers: headers.toLowerCase(), body };
        },
      };
    }

    const requestHead = (lengthHeader: string) =>
      `POST /v1/companies HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${staffToken()}\r\n`
      + `Content-Type: application/json\r\n${lengthHeader}\r\n\r\n`;

    for (const [shape, header, chunk] of [
      ['declared by Content-Length', `Content-Length: ${4 * 1024 * 1024}`, (data: string) => data],
      ['sent in chunks', 'Transfer-Encoding: chunked', (data: string) => `${data.length.toString(16)}\r\n${data}\r\n`],
    ] as const) {
      it(`given a body over the limit ${shape}, then the client reads 413, the server keeps taking what it still sends for a moment, and then closes`, async () => {
        const before = await head();
        const c = client();
        c.socket.write(requestHead(header));
        const piece = chunk(`{"name":"${'x'.repeat(16 * 1024)}`);
        // Keep sending, as a client uploading a large body does, until the answer arrives.
        while (!c.received.includes('\r\n\r\n')) {
          c.socket.write(piece);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        const answer = await c.answer();
        expect(answer.status).toBe(413);
        expect(answer.headers).toContain('content-type: application/problem+json');
        expect(answer.headers).toContain('connection: close');
        expect(JSON.parse(answer.body)).toMatchObject({ status: 413, code: 'request.body_too_large' });
        // The server stopped writing (FIN) but still reads: what the client sends now is not met with a reset.
        await c.ended;
        for (let i = 0; i < 10; i++) c.socket.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(c.error).toBeUndefined();
        // The client stops: the server closes its side at once.
        c.socket.end();
        await c.closed;
        expect(await head()).toBe(before);
      });
    }

    it('given a client that keeps sending after a refused body, then the server stops taking it within moments', async () => {
      const c = client();
      c.socket.write(requestHead(`Content-Length: ${64 * 1024 * 1024}`));
      expect((await c.answer()).status).toBe(413);
      const answered = Date.now();
      // Once the server has closed, the next bytes the client sends are met with a reset.
      while (!c.error && Date.now() - answered < 20_000) {
        c.socket.write('x'.repeat(1024));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(c.error).toBeDefined();
      expect(Date.now() - answered).toBeGreaterThanOrEqual(LINGER_MS - 100);
    }, 30_000);

    it('given a request that is not HTTP, then the answer is problem+json too', async () => {
      const c = client();
      c.socket.write('NOT HTTP AT ALL\r\n\r\n');
      const answer = await c.answer();
      expect(answer.status).toBe(400);
      expect(answer.headers).toContain('content-type: application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({ status: 400, code: 'request.malformed_http' });
    });
  });
});
