import type { EventStore } from '@tenancy/event-store';
import { EVENT_STORE } from '@tenancy/platform';
import { Readable } from 'node:stream';
import { companyWithOwner, link, newCompany, person, staff, staffToken, TestApp, type Caller, type Response } from './harness';
import { clearableFields } from '../src/validation/clearable';
import { openApiPath } from '../src/openapi/app-routes';
import { bodyOptional } from '../src/validation/optional-body';
import { rawTextFields } from '../src/validation/raw-text';
import { appRoutes, CHANGING_METHODS, concretePath, dtoFields, type AppRoute } from './routes';

/**
 * Every route, aimed at with each class of hostile request body, query and path parameter.
 * Each must answer 4xx problem+json with a stable code, and append no event. The routes are
 * read from the Nest router, so a route added later is covered without being listed here.
 */
describe('Hostile bodies, queries and path parameters, on every route', () => {
  let t: TestApp;
  let routes: AppRoute[];
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await TestApp.start();
    routes = appRoutes(t.app);
    const owner = person('owner-1');
    const companyId = await companyWithOwner(t, owner);
    const member = person('member-1');
    await link(t, companyId, member, 'admin');
    const invited = await t.request('POST', `/v1/companies/${companyId}/invitations`, { email: 'nina@acme.example', role: 'viewer' });
    // A valid value for every path parameter, so a test makes only the one it aims at hostile.
    ids = { id: companyId, userId: member.userId, invitationId: invited.body.id, revision: '0' };
  });
  afterAll(async () => t.stop());

  const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
  const changing = () => routes.filter((r) => CHANGING_METHODS.has(r.method));
  const withBody = () => routes.filter((r): r is AppRoute & { body: NonNullable<AppRoute['body']> } => r.body !== undefined);
  const needsBody = () => withBody().filter((route) => !bodyOptional(route.body));
  const pathOf = (route: AppRoute) => concretePath(route, ids);
  const named = (res: Response) => (res.body?.errors ?? []).map((e: { field: string }) => e.field).sort();

  /** Sends, and expects a refusal with `status` and `code` that appended nothing. */
  async function refused(
    route: AppRoute, status: number, code: string, body?: unknown, caller: Caller = staff(), path = pathOf(route),
  ): Promise<Response> {
    const before = await head();
    const res = await t.request(route.method, path, body, caller);
    const where = `${route.method} ${route.path}`;
    expect({ where, status: res.status, code: res.body?.code }).toEqual({ where, status, code });
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status, type: `urn:tenancy:problem:${code}`, title: expect.any(String) });
    expect(await head()).toBe(before);
    return res;
  }

  it('given the router, then the routes this suite walks are all there', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(withBody().map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(
      ['POST /v1/companies', 'PATCH /v1/companies/:id', 'POST /v1/pairing', 'PUT /v1/companies/:id/settings']));
  });

  it('given JSON nested thousands deep, then every changing route answers 400 before any recursive work, with a token or without', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    for (const route of changing()) {
      await refused(route, 400, 'request.json_too_deep', deep);
      await refused(route, 400, 'request.json_too_deep', deep, {});
    }
  });

  it('given a key twice, then every changing route answers 400 naming the key', async () => {
    for (const route of changing()) {
      const field = route.body ? dtoFields(route.body)[0] : 'name';
      const res = await refused(route, 400, 'request.duplicate_key', `{"${field}":"a","${field}":"b"}`);
      expect(named(res)).toEqual([field]);
    }
  });

  it('given bytes that are no UTF-8 in a JSON string, with a Content-Length or chunked, then every changing route answers 400 request.malformed_json', async () => {
    const inject = t.app.getHttpAdapter().getInstance().inject.bind(t.app.getHttpAdapter().getInstance());
    for (const route of changing()) {
      const field = route.body ? dtoFields(route.body)[0] : 'name';
      // Latin-1 bytes, a lone continuation byte, and an overlong encoding of '/'.
      for (const bad of [[0xff, 0xfe], [0x80], [0xc0, 0xaf]]) {
        const bytes = Buffer.concat([Buffer.from(`{"${field}":"Acme `), Buffer.from(bad), Buffer.from(' bytes"}')]);
        for (const framing of ['content-length', 'chunked'] as const) {
          const before = await head();
          const res = await inject({
            method: route.method as 'POST', url: pathOf(route),
            headers: { authorization: `Bearer ${staffToken()}`, 'content-type': 'application/json', ...(framing === 'chunked' ? { 'transfer-encoding': 'chunked' } : {}) },
            payload: framing === 'chunked' ? Readable.from([bytes]) : bytes,
          });
          const where = `${route.method} ${route.path} ${framing} ${bad}`;
          expect({ where, status: res.statusCode, code: res.json().code }).toEqual({ where, status: 400, code: 'request.malformed_json' });
          expect(await head()).toBe(before);
        }
      }
    }
  });

  it('given a __proto__ key, then every changing route answers 400', async () => {
    for (const route of changing()) await refused(route, 400, 'request.forbidden_key', '{"__proto__":{"staff":true}}');
  });

  it('given JSON that is no object (null, a string, a number, an array, a boolean), then every changing route answers 400', async () => {
    for (const route of changing()) {
      for (const body of ['null', '"Acme"', '42', '[]', '[{"name":"Acme"}]', 'true']) {
        await refused(route, 400, 'request.body_not_object', body);
      }
    }
  });

  it('given malformed JSON, then every changing route answers 400', async () => {
    for (const route of changing()) await refused(route, 400, 'request.malformed_json', '{"name": "Acme",');
  });

  it('given an empty body sent as application/json, then every route that needs a body answers as when none was sent', async () => {
    for (const route of needsBody()) {
      for (const empty of ['', ' \r\n']) await refused(route, 415, 'request.unsupported_media_type', empty, staff({ 'content-type': 'application/json' }));
    }
  });

  it('given a body in another media type, then every changing route answers 415', async () => {
    for (const route of changing()) {
      const fields = route.body ? dtoFields(route.body) : ['name'];
      const form = fields.map((f) => `${f}=x`).join('&');
      await refused(route, 415, 'request.unsupported_media_type', form, staff({ 'content-type': 'application/x-www-form-urlencoded' }));
      await refused(route, 415, 'request.unsupported_media_type', '{"name":"x"}', staff({ 'content-type': 'text/plain' }));
      await refused(route, 415, 'request.unsupported_media_type', '{"name":"x"}', staff({ 'content-type': 'application/json; charset=iso-8859-1' }));
      await refused(route, 415, 'request.unsupported_media_type', '{"name":"x"}', staff({ 'content-type': 'application/jsonx' }));
    }
  });

  it('given no body at all, then every route that needs one (a field is required) answers 415', async () => {
    for (const route of needsBody()) await refused(route, 415, 'request.unsupported_media_type');
  });

  it('given no body, or an empty one, on a route whose body requires nothing, then it answers as to {}, not 415', async () => {
    const optional = withBody().filter((route) => bodyOptional(route.body));
    expect(optional.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['PATCH /v1/companies/:id', 'DELETE /v1/companies/:id']));
    // The document says the same: a body is required where a field of it is.
    const { paths } = (await t.request('GET', '/docs-json', undefined, {})).body;
    const documented = withBody().filter((r) => paths[openApiPath(r.path)]?.[r.method.toLowerCase()]);
    expect(documented.length).toBeGreaterThanOrEqual(10);
    for (const route of documented) {
      expect([route.method, route.path, paths[openApiPath(route.path)][route.method.toLowerCase()].requestBody.required])
        .toEqual([route.method, route.path, !bodyOptional(route.body)]);
    }
    for (const route of optional) {
      // A made-up company: every one answers 404, so nothing is done whatever the body.
      const path = concretePath(route, { ...ids, id: '00000000-0000-4000-8000-000000000000' });
      const asEmpty = await t.request(route.method, path, {}, staff());
      expect(asEmpty.status).toBe(404);
      for (const [body, caller] of [[undefined, staff()], ['', staff({ 'content-type': 'application/json' })]] as const) {
        const res = await t.request(route.method, path, body, caller);
        expect({ where: `${route.method} ${route.path}`, status: res.status, code: res.body?.code })
          .toEqual({ where: `${route.method} ${route.path}`, status: 404, code: asEmpty.body.code });
      }
    }
  });

  it('given application/json with a charset of utf-8 in any case, then the body is read', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      const res = await t.request('POST', '/v1/companies', newCompany(), staff({ 'content-type': type }));
      expect(res.status).toBe(201);
    }
  });

  /** Control, separator and bidi characters; each field of a body gets the next one. */
  const HOSTILE = ['\u0000', '\u001b[31m', '\r\nX-Injected: 1', '\u007f', '\u0085', '\u202e', '\u2066', '\u2028', '\t'];

  it('given control or bidi characters in any field of a body, then every route that takes one answers 400 naming each field but a raw one', async () => {
    for (const route of withBody()) {
      const fields = dtoFields(route.body);
      const body = Object.fromEntries(fields.map((field, i) => [field, `Acme${HOSTILE[i % HOSTILE.length]}GmbH`]));
      const res = await refused(route, 400, 'request.invalid_text', body);
      const checked = fields.filter((f) => !rawTextFields(route.body).has(f));
      expect({ route: route.path, named: named(res) }).toEqual({ route: route.path, named: [...checked].sort() });
    }
  });

  it('given the router, then the only field taken raw, without the text rules, is a signed payload', () => {
    const raw = withBody().flatMap((route) => [...rawTextFields(route.body)].map((field) => `${route.method} ${route.path} ${field}`));
    expect(raw).toEqual(['POST /v1/companies/:id/signatures/verify payload']);
  });

  it('given control or bidi characters nested inside a body, then they are refused too', async () => {
    const route = routes.find((r) => r.method === 'PUT' && r.path.endsWith('/settings'))!;
    const res = await refused(route, 400, 'request.invalid_text', {
      notificationPreferences: { email: true, sms: false, webhook: true }, currency: 'EUR', defaultTaxRate: 19,
      invoiceNumberPattern: 'INV-{seq}\u202e',
    });
    expect(named(res)).toEqual(['invoiceNumberPattern']);
  });

  it('given control or bidi characters in a path parameter, then every route with one answers 400 naming it', async () => {
    for (const route of routes.filter((r) => r.params.length > 0)) {
      for (const param of route.params) {
        const path = concretePath(route, { ...ids, [param]: encodeURIComponent(`${ids[param]}\u202e`) });
        const body = route.body ? {} : undefined;
        const res = await refused(route, 400, 'request.invalid_text', body, staff(), path);
        expect(named(res)).toContain(param);
      }
    }
  });

  it('given a query parameter on a route that reads none, then 400 naming it, as on routes that read some', async () => {
    const readingNone = routes.filter((r) => !r.query);
    expect(readingNone.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /v1/me']));
    for (const route of readingNone) {
      const res = await refused(route, 400, 'request.invalid', route.body ? {} : undefined, staff(), `${pathOf(route)}?foo=1`);
      expect(named(res)).toEqual(['foo']);
    }
  });

  it('given a body with fields on a changing route that takes no body, then 400 naming each field, and nothing is done', async () => {
    const bodiless = changing().filter((r) => !r.body);
    expect(bodiless.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(
      ['POST /v1/companies/:id/secret', 'POST /v1/companies/:id/members/:userId/password-reset']));
    for (const route of bodiless) {
      const res = await refused(route, 400, 'request.invalid', { x: 1, version: 99 });
      expect({ route: route.path, errors: res.body.errors }).toEqual({ route: route.path, errors: [
        { field: 'x', message: 'is not allowed' }, { field: 'version', message: 'is not allowed' }] });
    }
  });

  it('given an empty object or no body on a route that takes none, then it is taken', async () => {
    for (const body of [{}, undefined]) {
      const rotated = await t.request('POST', `/v1/companies/${ids.id}/secret`, body);
      expect([rotated.status, typeof rotated.body.secret]).toEqual([200, 'string']);
      const reset = await t.request('POST', `/v1/companies/${ids.id}/members/${ids.userId}/password-reset`, body);
      expect(reset.status).toBeLessThan(300);
    }
  });

  it('given control or bidi characters in a query parameter, then every route reading one answers 400 naming it', async () => {
    for (const route of routes.filter((r) => r.query)) {
      for (const field of dtoFields(route.query!)) {
        const res = await refused(route, 400, 'request.invalid_text', undefined, staff(),
          `${pathOf(route)}?${field}=${encodeURIComponent('x\u001b]0;pwned\u0007')}`);
        expect(named(res)).toEqual([field]);
      }
    }
  });

  it('given null for a field that cannot be cleared, then every route that takes a body answers 400 naming it', async () => {
    for (const route of withBody()) {
      // Fields declared @Clearable() take null (contactEmail, a webhook's eventTypes and description).
      for (const field of dtoFields(route.body).filter((f) => !clearableFields(route.body).has(f))) {
        const res = await refused(route, 400, 'request.invalid', { [field]: null });
        expect({ route: route.path, field, named: named(res) }).toEqual({ route: route.path, field, named: expect.arrayContaining([field]) });
      }
    }
  });

  it('given null for the contact email, then it is cleared: the one field marked clearable', async () => {
    const res = await t.request('PATCH', `/v1/companies/${ids.id}`, { contactEmail: null });
    expect(res.status).toBe(200);
    expect(res.body.contactEmail).toBeNull();
  });

  it('given text in decomposed form, then it is stored composed (NFC)', async () => {
    const created = await t.request('POST', '/v1/companies', newCompany({ name: 'Cafe\u0301 Zu\u0308rich' }));
    expect(created.status).toBe(201);
    const read = await t.request('GET', `/v1/companies/${created.body.id}`);
    expect(read.body.name).toBe('Caf\u00e9 Z\u00fcrich');
  });
});
