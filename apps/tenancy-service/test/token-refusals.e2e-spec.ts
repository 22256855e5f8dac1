import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger, readConfig, signJwt } from '@tenancy/platform';
import { JWT_SECRET, TestApp, testClock } from './harness';

/** What the app logs at LOG_LEVEL=debug, line by line. */
function debugLog() {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
  return { lines, logger: createLogger(readConfig({ LOG_LEVEL: 'debug' }), 'tenancy-service', sink) };
}

describe('Why a bearer token was refused', () => {
  it('given an expired token, then the 401 says "expired" in its challenge and the debug log says when, without the token', async () => {
    const clock = testClock();
    const log = debugLog();
    const t = await TestApp.start(undefined, {}, { clock, logger: log.logger });
    try {
      const exp = Math.floor(clock.now().getTime() / 1000) - 3600;
      const expired = signJwt({ sub: 'u-1', exp }, JWT_SECRET);

      const res = await t.request('GET', '/v1/me', undefined, { token: expired });

      expect([res.status, res.body.code]).toEqual([401, 'auth.unauthenticated']);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="tenancy", error="invalid_token", error_description="The bearer token is not valid: expired"');
      const refused = log.lines.map((line) => JSON.parse(line)).find((entry) => String(entry.msg).startsWith('Bearer token refused'));
      expect(refused).toMatchObject({ level: 'debug', context: 'Identity' });
      const expiredAt = new Date(exp * 1000).toISOString().replace(/\./g, '\\.');
      expect(refused.msg).toMatch(new RegExp(`^Bearer token refused on GET /v1/me: expired at ${expiredAt} \\(now \\S+Z, AUTH_CLOCK_SKEW_S 60\\)$`));
      expect(log.lines.join('\n')).not.toContain(expired.split('.')[1]);
    } finally {
      await t.stop();
    }
  });
});

/** An issuer of our own whose JWKS can be down (connection refused) and come back on the same port. */
describe('The identity provider unreachable before any keys were fetched', () => {
  let server: Server | undefined;
  let port: number;
  let jwks: object;

  const listen = () => new Promise<void>((resolve) => {
    server = createServer((request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
    server.listen(port, '127.0.0.1', resolve);
  });
  const close = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  afterAll(close);

  /**
   * A service whose issuer's JWKS is down since its start: a port that refused connections, which
   * listen() opens later with a key the token is signed with.
   */
  async function serviceWithProviderDown() {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] };
    await close();
    server = undefined;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const issuer = `http://127.0.0.1:${port}/realms/test`;
    const clock = testClock();
    const t = await TestApp.start(undefined, { AUTH_ISSUER: issuer, AUTH_AUDIENCE: 'tenancy', AUTH_JWKS_URL: `http://127.0.0.1:${port}/keys` }, { clock });
    return { t, clock, issuer, privateKey };
  }

  it('given the JWKS cannot be fetched, then a valid token gets 503 service.unavailable with Retry-After (not 401), and is taken 2 s after the provider is back', async () => {
    const { t, clock, issuer, privateKey } = await serviceWithProviderDown();
    try {
      const now = Math.floor(clock.now().getTime() / 1000);
      const valid = await new SignJWT({ sub: 'u-1', iss: issuer, aud: 'tenancy', exp: now + 3600 })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);

      const down = await t.request('GET', '/v1/me', undefined, { token: valid });
      expect([down.status, down.body.code]).toEqual([503, 'service.unavailable']);
      expect(down.headers['content-type']).toContain('application/problem+json');
      expect(down.headers['retry-after']).toBe('5');
      expect(down.headers['www-authenticate']).toBeUndefined();

      await listen();
      clock.advanceSeconds(2);
      const back = await t.request('GET', '/v1/me', undefined, { token: valid });
      expect([back.status, back.body.userId]).toEqual([200, 'u-1']);
    } finally {
      await t.stop();
    }
  });

  it('given the JWKS cannot be fetched since start, then readiness answers 503 service.unavailable naming the identity provider, and 200 once the provider is back, with no request in between', async () => {
    const { t, clock } = await serviceWithProviderDown();
    try {
      const down = await t.request('GET', '/health/ready', undefined, {});
      expect([down.status, down.body.code]).toEqual([503, 'service.unavailable']);
      expect(down.body.detail).toContain('identity provider');
      expect(down.headers['content-type']).toContain('application/problem+json');
      expect(down.headers['retry-after']).toBe('5');
      expect((await t.request('GET', '/health/live', undefined, {})).status).toBe(200);

      // Not ready means no traffic: readiness itself asks the provider again, after the retry wait.
      await listen();
      expect((await t.request('GET', '/health/ready', undefined, {})).status).toBe(503);
      clock.advanceSeconds(2);
      const back = await t.request('GET', '/health/ready', undefined, {});
      expect([back.status, back.body]).toEqual([200, { status: 'ok' }]);
    } finally {
      await t.stop();
    }
  });
});
