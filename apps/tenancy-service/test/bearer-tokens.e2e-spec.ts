import { signJwt } from '@tenancy/platform';
import { JWT_SECRET, staffToken, TestApp, testClock, type Caller } from './harness';

/** Bearer tokens, checked against the clock the app is given, not the machine's. */
describe('Bearer tokens', () => {
  const clock = testClock();
  let t: TestApp;
  beforeAll(async () => { t = await TestApp.start(undefined, {}, { clock }); });
  afterAll(async () => t.stop());

  /** Seconds since the epoch on the app's clock, moved by `offset`. */
  const at = (offset = 0) => Math.floor(clock.now().getTime() / 1000) + offset;
  const token = (claims: Record<string, unknown>) => signJwt({ sub: 'staff-1', staff: true, ...claims }, JWT_SECRET);
  const as = (caller: Caller) => t.request('GET', '/v1/companies', undefined, caller);
  const withHeader = (authorization: string): Caller => ({ headers: { authorization } });

  async function expectRefused(caller: Caller) {
    const res = await as(caller);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('auth.unauthenticated');
    // RFC 9110 §11.6.1 and RFC 6750 §3: the scheme, and invalid_token only where a bearer token was sent.
    const sent = caller.token !== undefined || /^bearer\s/i.test(caller.headers?.authorization ?? '');
    // The description may name the check that failed (`: expired`), never more than a few words.
    expect(res.headers['www-authenticate']).toMatch(sent
      ? /^Bearer realm="tenancy", error="invalid_token", error_description="The bearer token is not valid(: [a-z ]+)?"$/ : /^Bearer realm="tenancy"$/);
  }

  it('given an HS256 token, then GET /v1/me says who it proves: sub, staff and email as the token says', async () => {
    const me = await t.request('GET', '/v1/me', undefined, { token: token({ email: 'sam@acme.example', exp: at(60) }) });
    expect([me.status, me.body]).toEqual([200, { userId: 'staff-1', staff: true, email: 'sam@acme.example' }]);
    const plain = await t.request('GET', '/v1/me', undefined, { token: signJwt({ sub: 'u-2', staff: 'true', exp: at(60) }, JWT_SECRET) });
    expect(plain.body).toEqual({ userId: 'u-2', staff: false, email: null });
  });

  it('given an email claim as the provider spells it, then GET /v1/me gives the email the service uses: trimmed and lower-cased, or null when it is no address', async () => {
    const emailOf = async (email: string) => (await t.request('GET', '/v1/me', undefined, { token: token({ email, exp: at(60) }) })).body.email;
    expect(await emailOf('  FZ@Example.COM ')).toBe('fz@example.com');
    // The start-up token's: not an address by the rule (no dot in the host), so it invites and founds nothing.
    expect(await emailOf('staff@localhost')).toBeNull();
    expect(await emailOf('not an email <script>')).toBeNull();
    // The same address founds a company whose owner is spelled so.
    const founder = { token: signJwt({ sub: 'u-fz', email: '  FZ@Example.COM ', exp: at(60) }, JWT_SECRET) };
    const created = await t.request('POST', '/v1/me/companies', { name: 'FZ', timezone: 'Europe/Berlin', defaultLanguage: 'de' }, founder);
    expect(created.status).toBe(201);
    const members = await t.request('GET', `/v1/companies/${created.body.id}/members`, undefined, founder);
    expect(members.body.items.map((m: { email: string }) => m.email)).toEqual([await emailOf('  FZ@Example.COM ')]);
  });

  it('given a sub that breaks the text rules (a bidi override, a control character), then 401 auth.invalid_subject and nothing is created', async () => {
    const before = (await t.request('GET', '/v1/companies')).body.items.length;
    for (const sub of ['evil\u202egnp.exe', 'line\nbreak', 'nul\u0000']) {
      const caller = { token: token({ sub, staff: false, exp: at(60) }) };
      const created = await t.request('POST', '/v1/me/companies', { name: 'Evil', timezone: 'Europe/Berlin', defaultLanguage: 'de' }, caller);
      expect([created.status, created.body.code]).toEqual([401, 'auth.invalid_subject']);
      expect(created.headers['content-type']).toContain('application/problem+json');
      expect((await t.request('GET', '/v1/me', undefined, caller)).status).toBe(401);
    }
    expect((await t.request('GET', '/v1/companies')).body.items.length).toBe(before);
  });

  it('given a sub longer than a user id may be (200 characters), then 401 auth.invalid_subject "subject too long" and nothing is created; 200 is taken', async () => {
    const before = (await t.request('GET', '/v1/companies')).body.items.length;
    // 201 characters, and 200 that NFC makes longer in no way: the limit counts the id as it is kept.
    const caller = { token: token({ sub: 'u'.repeat(201), staff: false, email: 'long@acme.example', exp: at(60) }) };
    const created = await t.request('POST', '/v1/me/companies', { name: 'Long', timezone: 'Europe/Berlin', defaultLanguage: 'de' }, caller);
    expect([created.status, created.body.code]).toEqual([401, 'auth.invalid_subject']);
    expect(created.body.detail).toContain('longer than 200 characters');
    expect(created.headers['www-authenticate']).toBe('Bearer realm="tenancy", error="invalid_token", error_description="The bearer token is not valid: subject too long"');
    expect((await t.request('GET', '/v1/companies')).body.items.length).toBe(before);
    const longest = await t.request('GET', '/v1/me', undefined, { token: token({ sub: 'u'.repeat(200), staff: false, exp: at(60) }) });
    expect([longest.status, longest.body.userId]).toEqual([200, 'u'.repeat(200)]);
  });

  it('given the scheme name in any case, then the token is taken (RFC 7235)', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect((await as(withHeader(`${scheme} ${staffToken()}`))).status).toBe(200);
    }
  });

  it('given another scheme, no token, or a token with spaces in it, then 401', async () => {
    for (const header of [`Basic ${staffToken()}`, 'Bearer', 'Bearer ', `Bearer${staffToken()}`, `Bearer a b`]) {
      await expectRefused(withHeader(header));
    }
  });

  it('given a token without exp, or with an exp that is no number, then 401: it would never expire', async () => {
    await expectRefused({ token: token({}) });
    await expectRefused({ token: token({ exp: String(at(3600)) }) });
    await expectRefused({ token: token({ exp: null }) });
  });

  it('given an nbf or iat in the future beyond the allowed skew, then 401; within it, then taken', async () => {
    await expectRefused({ token: token({ exp: at(3600), nbf: at(120) }) });
    await expectRefused({ token: token({ exp: at(3600), iat: at(120) }) });
    expect((await as({ token: token({ exp: at(3600), nbf: at(30), iat: at(30) }) })).status).toBe(200);
  });

  it('given an exp just past, then taken within the default skew of 60 s, refused beyond it', async () => {
    expect((await as({ token: token({ exp: at(-30) }) })).status).toBe(200);
    await expectRefused({ token: token({ exp: at(-61) }) });
  });

  it('given the app clock moved past a token\'s exp, then 401, though the machine\'s clock has not got there', async () => {
    const expiring = token({ exp: at(24 * 60 * 60) });
    const notYet = token({ exp: at(10 * 24 * 60 * 60), nbf: at(2 * 24 * 60 * 60) });
    expect((await as({ token: expiring })).status).toBe(200);
    await expectRefused({ token: notYet });
    clock.advanceDays(3);
    await expectRefused({ token: expiring });
    expect((await as({ token: notYet })).status).toBe(200);
  });

  it('given AUTH_CLOCK_SKEW_S=0, then a token is refused the moment it expires', async () => {
    const strict = await TestApp.start(undefined, { AUTH_CLOCK_SKEW_S: '0' }, { clock });
    try {
      const res = await strict.request('GET', '/v1/companies', undefined, { token: token({ exp: at(-1) }) });
      expect(res.status).toBe(401);
      expect((await strict.request('GET', '/v1/companies', undefined, { token: token({ exp: at(60) }) })).status).toBe(200);
    } finally {
      await strict.stop();
    }
  });
});
