import type { EventStore } from '@tenancy/event-store';
import { EVENT_STORE } from '@tenancy/platform';
import { companyWithOwner, newCompany, person, staff, TestApp, userToken } from './harness';

describe('Companies over HTTP', () => {
  let t: TestApp;
  beforeEach(async () => { t = await TestApp.start(); });
  afterEach(async () => t.stop());

  const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
  const create = async (overrides = {}) => {
    const res = await t.request('POST', '/v1/companies', newCompany(overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; apiToken: string; revision: number };
  };

  it('given staff, when creating a company, then it answers 201 with the company, its revision and a one-time token', async () => {
    const res = await t.request('POST', '/v1/companies', newCompany({ name: '  Acme GmbH  ' }));
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/v1/companies/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'Acme GmbH', environment: 'production', baseUrl: 'https://acme.example', timezone: 'Europe/Berlin',
      defaultLanguage: 'de-DE', contactEmail: 'ops@acme.example', active: false, userCount: 0, revision: 1,
    });
    expect(res.body.apiToken).toMatch(/^tnc_[A-Za-z0-9_-]{43}$/);
    expect(res.body.apiTokenPrefix).toBe(res.body.apiToken.slice(0, 8));

    const read = await t.request('GET', `/v1/companies/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.apiToken).toBeUndefined();
    expect(read.body.name).toBe('Acme GmbH');
  });

  it('given a company, when patched with its current revision, then it changes; with a stale one, 412 and nothing appended', async () => {
    const { id } = await create();
    const ok = await t.request('PATCH', `/v1/companies/${id}`, { name: 'Acme AG', timezone: 'Europe/Zurich' }, staff({ 'if-match': '"1"' }));
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.body).toMatchObject({ name: 'Acme AG', timezone: 'Europe/Zurich', revision: 2 });

    const before = await head();
    const stale = await t.request('PATCH', `/v1/companies/${id}`, { name: 'Other' }, staff({ 'if-match': '"1"' }));
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(await head()).toBe(before);
  });

  it('given a zone, a language and a contact email in another case, when creating and patching, then each is stored in its one spelling', async () => {
    const { id } = await create({ timezone: 'europe/berlin', defaultLanguage: 'ZH-HANT-TW', contactEmail: 'Bob@Example.COM' });
    const read = await t.request('GET', `/v1/companies/${id}`);
    expect(read.body).toMatchObject({ timezone: 'Europe/Berlin', defaultLanguage: 'zh-Hant-TW', contactEmail: 'bob@example.com' });

    const patched = await t.request('PATCH', `/v1/companies/${id}`, { timezone: 'europe/kyiv', defaultLanguage: 'en-us' });
    expect(patched.body).toMatchObject({ timezone: 'Europe/Kyiv', defaultLanguage: 'en-US', revision: 2 });
    const same = await t.request('PATCH', `/v1/companies/${id}`, { timezone: 'EUROPE/KYIV', contactEmail: 'BOB@example.com' });
    expect(same.body.revision).toBe(2);
  });

  it('given every kind of IANA name, when creating, then each is taken; a name only ICU knows is refused', async () => {
    const zones = ['Asia/Kolkata', 'Europe/Kyiv', 'Etc/GMT+5', 'US/Eastern', 'GMT', 'EST', 'EST5EDT', 'ROC'];
    const created = await Promise.all(zones.map((timezone) => t.request('POST', '/v1/companies', newCompany({ timezone }))));
    expect(created.map((res) => [res.status, res.body.timezone])).toEqual(zones.map((zone) => [201, zone]));
    const ist = await t.request('POST', '/v1/companies', newCompany({ timezone: 'IST' }));
    expect([ist.status, ist.body.errors]).toEqual([400, [{ field: 'timezone', message: 'must be an IANA time zone such as Europe/Berlin' }]]);
  });

  it('given a time zone with spaces around it, when creating, then it is taken and stored trimmed, as a name or an email is', async () => {
    const res = await t.request('POST', '/v1/companies', newCompany({ timezone: 'Europe/Berlin ' }));
    expect([res.status, res.body.timezone]).toEqual([201, 'Europe/Berlin']);
  });

  it.each(['und', 'qaa'])('given the default language %s, which names no language, when creating, then 400 says so', async (defaultLanguage) => {
    const res = await t.request('POST', '/v1/companies', newCompany({ defaultLanguage }));
    expect([res.status, res.body.errors]).toEqual([400, [{
      field: 'defaultLanguage', message: 'must name a language: und, mul, zxx, mis and the private-use codes qaa to qtz name none',
    }]]);
  });

  it.each([
    ['https://user:pw@acme.example', 'must not carry credentials'],
    ['https://acme.example/#frag', 'must not have a fragment'],
    ['https://a..b', 'must be an absolute http(s) URL with a host name or IP address'],
    ['http://1.2.3.4:0', 'must have no port or a port from 1 to 65535'],
    ['https://x.com/%ZZ', 'must use % only to start a percent-escape of two hex digits (write % itself as %25)'],
  ])('given the base URL %s, when creating, then 400 says it %s and nothing is appended', async (baseUrl, message) => {
    const before = await head();
    const res = await t.request('POST', '/v1/companies', newCompany({ baseUrl }));
    expect([res.status, res.body.errors]).toEqual([400, [{ field: 'baseUrl', message }]]);
    expect(await head()).toBe(before);
  });

  it('given a base URL with an IPv6 address, or a host in capitals, when creating, then it is taken, scheme and host lower-cased', async () => {
    const res = await t.request('POST', '/v1/companies', newCompany({ baseUrl: 'https://[::1]:8443/' }));
    expect([res.status, res.body.baseUrl]).toEqual([201, 'https://[::1]:8443/']);
    const capitals = await t.request('POST', '/v1/companies', newCompany({ baseUrl: 'HTTPS://Acme.EXAMPLE/App' }));
    expect([capitals.status, capitals.body.baseUrl]).toEqual([201, 'https://acme.example/App']);
  });

  it('given a company, when trying to change environment or base URL, then 400 says they cannot change', async () => {
    const { id } = await create();
    const res = await t.request('PATCH', `/v1/companies/${id}`, { environment: 'staging', baseUrl: 'https://x.example' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'environment', message: 'cannot change after the company is created' },
      { field: 'baseUrl', message: 'cannot change after the company is created' },
    ]);
  });

  it('given an active company, when activated again, then nothing is appended and the revision stays', async () => {
    const { id } = await create();
    const first = await t.request('POST', `/v1/companies/${id}/activate`);
    expect(first.body).toMatchObject({ active: true, revision: 2 });
    const before = await head();
    const again = await t.request('POST', `/v1/companies/${id}/activate`);
    expect(again.status).toBe(200);
    expect(again.body.revision).toBe(2);
    expect(await head()).toBe(before);
    const off = await t.request('POST', `/v1/companies/${id}/deactivate`);
    expect(off.body).toMatchObject({ active: false, revision: 3 });
  });

  it('given a client that sends content-type application/json on every request, when a route without a body gets an empty one, then it runs', async () => {
    const { id } = await create();
    const json = staff({ 'content-type': 'application/json' });
    for (const [action, active] of [['activate', true], ['deactivate', false]] as const) {
      const res = await t.request('POST', `/v1/companies/${id}/${action}`, '', json);
      expect([action, res.status, res.body.active]).toEqual([action, 200, active]);
    }
    const token = await t.request('POST', `/v1/companies/${id}/api-token`, '', json);
    expect([token.status, token.body.apiToken]).toEqual([200, expect.stringMatching(/^tnc_/)]);
  });

  it('given an Idempotency-Key, when a create is repeated, then the first response comes back and one company exists', async () => {
    const caller = staff({ 'idempotency-key': 'create-acme-1' });
    const first = await t.request('POST', '/v1/companies', newCompany(), caller);
    const before = await head();
    const second = await t.request('POST', '/v1/companies', newCompany(), caller);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(await head()).toBe(before);
    const reused = await t.request('POST', '/v1/companies', newCompany({ name: 'Other' }), caller);
    expect(reused.status).toBe(409);
    expect((await t.request('GET', '/v1/companies')).body.items).toHaveLength(1);
  });

  it('given an Idempotency-Key, when a create is repeated with its fields in another order, then it is the same request: the first response comes back', async () => {
    const caller = staff({ 'idempotency-key': 'create-acme-reordered' });
    const body = newCompany();
    const first = await t.request('POST', '/v1/companies', body, caller);
    const reordered = Object.fromEntries(Object.entries(body).reverse());

    const second = await t.request('POST', '/v1/companies', reordered, caller);

    expect([second.status, second.headers['idempotent-replayed'], second.body]).toEqual([201, 'true', first.body]);
  });

  it('given a deactivated company, then its API token pairs no device, and nothing else changes: its members act in it as before (README, what deactivating does)', async () => {
    const olivia = person('olivia');
    const id = await companyWithOwner(t, olivia);
    const token = (await t.request('POST', `/v1/companies/${id}/api-token`)).body.apiToken;
    expect((await t.request('POST', `/v1/companies/${id}/activate`)).status).toBe(200);
    expect((await t.request('POST', '/v1/pairing', { apiToken: token }, {})).status).toBe(200);

    expect((await t.request('POST', `/v1/companies/${id}/deactivate`)).body.active).toBe(false);

    const paired = await t.request('POST', '/v1/pairing', { apiToken: token }, {});
    expect([paired.status, paired.body.code]).toEqual([401, 'pairing.invalid_token']);
    const settings = { notificationPreferences: { email: true, sms: false, webhook: false }, currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{seq}' };
    const acts = [
      await t.request('POST', `/v1/companies/${id}/invitations`, { email: 'nina@acme.example', role: 'viewer' }, olivia.caller),
      await t.request('PUT', `/v1/companies/${id}/settings`, settings, olivia.caller),
      await t.request('POST', `/v1/companies/${id}/secret`, undefined, olivia.caller),
      await t.request('GET', '/v1/me/companies', undefined, olivia.caller),
    ];
    expect(acts.map((res) => res.status)).toEqual([201, 200, 200, 200]);
    expect(acts[3].body.items).toEqual([expect.objectContaining({ id, active: false, role: 'owner' })]);
  });

  it('given a deleted company, then it answers 404 everywhere and takes no command', async () => {
    const { id } = await create();
    expect((await t.request('DELETE', `/v1/companies/${id}`, { confirmName: 'Acme' })).status).toBe(409);
    // No body is a confirmation left out: the same refusal as a wrong one, not 415.
    const unconfirmed = await t.request('DELETE', `/v1/companies/${id}`);
    expect([unconfirmed.status, unconfirmed.body.code]).toEqual([409, 'company.delete.name_mismatch']);
    expect((await t.request('DELETE', `/v1/companies/${id}`, { confirmName: 'Acme GmbH' })).status).toBe(204);
    for (const [method, url, body] of [
      ['GET', `/v1/companies/${id}`], ['GET', `/v1/companies/${id}/events`],
      ['PATCH', `/v1/companies/${id}`, { name: 'Back' }], ['PATCH', `/v1/companies/${id}`], ['POST', `/v1/companies/${id}/activate`],
      ['POST', `/v1/companies/${id}/api-token`], ['DELETE', `/v1/companies/${id}`, { confirmName: 'Acme GmbH' }], ['DELETE', `/v1/companies/${id}`],
    ] as const) {
      const res = await t.request(method, url, body);
      expect([method, url, res.status, res.body.code]).toEqual([method, url, 404, 'company.not_found']);
    }
    expect((await t.request('GET', '/v1/companies')).body.items).toEqual([]);
  });

  it('given no token, a bad token or a non-staff token, then 401, 401 and 403', async () => {
    expect((await t.request('GET', '/v1/companies', undefined, {})).status).toBe(401);
    expect((await t.request('GET', '/v1/companies', undefined, { token: 'a.b.c' })).status).toBe(401);
    const forbidden = await t.request('POST', '/v1/companies', newCompany(), { token: userToken('user-1') });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ status: 403, code: 'auth.staff_only' });
  });

  it('given a company, when auditors read its events, then they get every event in order with metadata and no hash', async () => {
    const { id } = await create();
    await t.request('POST', `/v1/companies/${id}/activate`, undefined, staff({ 'x-correlation-id': 'corr-42' }));
    const res = await t.request('GET', `/v1/companies/${id}/events`);
    expect(res.body.items.map((e: { type: string }) => e.type)).toEqual(['CompanyCreated', 'ApiTokenIssued', 'CompanyActivated']);
    const activated = res.body.items[2];
    expect(activated).toMatchObject({
      revision: 2, correlationId: 'corr-42', schemaVersion: 1, actor: { userId: 'staff-1', staff: true },
    });
    expect(activated.eventId).toEqual(expect.any(String));
    expect(activated.causationId).toBe(activated.commandId);
    expect(Date.parse(activated.occurredAt)).not.toBeNaN();
    expect(res.body.items[1].data).toEqual({ companyId: id, tokenPrefix: expect.stringMatching(/^tnc_/) });
  });

  it('given data written, when the service restarts on the same folder, then everything is still there', async () => {
    const { id, apiToken } = await create();
    await t.request('POST', `/v1/companies/${id}/activate`);
    t = await t.restart();
    const read = await t.request('GET', `/v1/companies/${id}`);
    expect(read.body).toMatchObject({ name: 'Acme GmbH', active: true, revision: 2 });
    expect((await t.request('POST', '/v1/pairing', { apiToken }, {})).status).toBe(200);
    expect((await t.request('PATCH', `/v1/companies/${id}`, { name: 'After restart' })).body.revision).toBe(3);
  });

  it('given the OpenAPI document, then its time zone schema takes what the server takes, in any case, and nothing else', async () => {
    const { body } = await t.request('GET', '/docs-json', undefined, {});
    const timezone = body.components.schemas.CreateCompanyDto.properties.timezone;
    expect(timezone.enum).toBeUndefined();
    const zone = new RegExp(timezone.pattern);
    const taken = ['Asia/Kolkata', 'Europe/Kyiv', 'Etc/GMT+5', 'US/Eastern', 'GMT', 'EST5EDT', 'ROC', 'europe/berlin', 'AMERICA/ARGENTINA/BUENOS_AIRES', 'Europe/Berlin ', '\u00a0UTC'];
    expect(taken.filter((name) => !zone.test(name))).toEqual([]);
    expect(['IST', 'SystemV/EST5', 'Factory', 'Mars/Olympus', 'Europe/ Berlin', '\tUTC'].filter((name) => zone.test(name))).toEqual([]);
  });

  it('serves its OpenAPI description generated from the code', async () => {
    const res = await t.request('GET', '/docs-json', undefined, {});
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/companies', '/v1/companies/{id}', '/v1/pairing']));
  });
});
