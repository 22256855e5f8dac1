import { companyWithOwner, link, person, staff, TestApp } from './harness';

describe('Webhook endpoints over HTTP', () => {
  let t: TestApp;
  let id: string;
  const owner = person('olivia');
  const employee = person('emma');
  beforeEach(async () => {
    t = await TestApp.start();
    id = await companyWithOwner(t, owner);
    await link(t, id, employee, 'employee');
  });
  afterEach(async () => t.stop());

  const url = 'https://hooks.acme.example/tenancy';
  const add = (body: unknown, headers: Record<string, string> = {}) =>
    t.request('POST', `/v1/companies/${id}/webhooks`, body, { ...owner.caller, headers });

  it('given an owner, when they add, read, change, list and remove an endpoint, then each step answers with its ETag and Location', async () => {
    const body = { url, eventTypes: ['MemberJoined'], description: 'ERP' };
    const added = await add(body, { 'idempotency-key': 'add-1' });
    expect(added.status).toBe(201);
    const webhookId = added.body.id;
    expect(added.headers.location).toBe(`/v1/companies/${id}/webhooks/${webhookId}`);
    expect(added.body).toMatchObject({ url, eventTypes: ['MemberJoined'], description: 'ERP', enabled: true, failingSince: null });
    expect((await add(body, { 'idempotency-key': 'add-1' })).body).toEqual(added.body);

    // A read has the shape of the add's answer, revision included, and that revision as its ETag.
    const read = await t.request('GET', `/v1/companies/${id}/webhooks/${webhookId}`, undefined, owner.caller);
    expect(read.body).toEqual(added.body);
    expect(read.headers.etag).toBe(`"${added.body.revision}"`);
    const changed = await t.request('PATCH', `/v1/companies/${id}/webhooks/${webhookId}`, { eventTypes: null, enabled: false },
      { ...owner.caller, headers: { 'if-match': String(read.headers.etag) } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ eventTypes: null, enabled: false });
    const stale = await t.request('PATCH', `/v1/companies/${id}/webhooks/${webhookId}`, { enabled: true },
      { ...owner.caller, headers: { 'if-match': String(read.headers.etag) } });
    expect(stale.status).toBe(412);

    const list = await t.request('GET', `/v1/companies/${id}/webhooks`, undefined, owner.caller);
    expect(list.body).toEqual({ items: [changed.body], nextCursor: null });
    expect(list.headers.etag).toBe(`"${changed.body.revision}"`);
    // The deliveries too: the company's revision, for the If-Match of a change made after reading them.
    const deliveries = await t.request('GET', `/v1/companies/${id}/webhooks/${webhookId}/deliveries`, undefined, owner.caller);
    expect([deliveries.status, deliveries.headers.etag, deliveries.body]).toEqual([200, `"${changed.body.revision}"`, { items: [], nextCursor: null }]);
    const resumed = await t.request('PATCH', `/v1/companies/${id}/webhooks/${webhookId}`, { enabled: true },
      { ...owner.caller, headers: { 'if-match': String(deliveries.headers.etag) } });
    expect(resumed.status).toBe(200);
    expect((await t.request('DELETE', `/v1/companies/${id}/webhooks/${webhookId}`, undefined, owner.caller)).status).toBe(204);
    const gone = await t.request('GET', `/v1/companies/${id}/webhooks/${webhookId}`, undefined, owner.caller);
    expect([gone.status, gone.body.code]).toEqual([404, 'webhook.not_found']);
    const history = await t.request('GET', `/v1/companies/${id}/events`);
    expect(history.text).toContain('WebhookEndpointRemoved');
  });

  it('given the OpenAPI document, then an endpoint declares its revision, as every answer carries it', async () => {
    const schema = (await t.request('GET', '/docs-json', undefined, {})).body.components.schemas.WebhookEndpoint;

    expect(schema.properties.revision).toMatchObject({ type: 'integer', minimum: 0 });
    expect(schema.required).toContain('revision');
  });

  it('given bad input, then 400 names each field and nothing is added', async () => {
    const res = await add({ url: 'ftp://x.example', eventTypes: ['NoSuchEvent'] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['eventTypes', 'url']);
    const credentials = await add({ url: 'https://user:pw@hooks.acme.example/' });
    // The URL rule base URLs follow too, applied where the body is read.
    expect([credentials.status, credentials.body.errors]).toEqual([400, [{ field: 'url', message: 'must not carry credentials' }]]);
    // A wrong entry of eventTypes is named, whether unknown or listed twice.
    const unknownType = await add({ url, eventTypes: ['CompanyActivated', 'NoSuchEvent'] });
    expect(unknownType.body.errors).toEqual([{ field: 'eventTypes', message: expect.stringMatching(/^entry 1 \("NoSuchEvent"\) is not an event type of a company/) }]);
    const twice = await add({ url, eventTypes: ['CompanyActivated', 'CompanyActivated'] });
    expect(twice.body.errors).toEqual([{ field: 'eventTypes', message: 'entry 1 (CompanyActivated) is listed twice: each type once' }]);
    // A type no endpoint can ever receive is refused rather than taken as a subscription that never fires.
    const never = await add({ url, eventTypes: ['CompanyActivated', 'CompanyDeleted'] });
    expect(never.body.errors).toEqual([{ field: 'eventTypes', message: 'entry 1 (CompanyDeleted) is never sent to an endpoint (docs/webhooks.md): leave it out' }]);
    expect((await t.request('GET', `/v1/companies/${id}/webhooks`, undefined, owner.caller)).body.items).toEqual([]);
  });

  it('given an endpoint, when its URL is added again in another spelling, then 409 webhook.exists names url and nothing is added', async () => {
    expect((await add({ url })).status).toBe(201);
    const again = await add({ url: 'HTTPS://Hooks.Acme.EXAMPLE:443/tenancy' });
    expect([again.status, again.body.code, again.body.errors]).toEqual([409, 'webhook.exists', [{ field: 'url', message: 'is already an endpoint of this company' }]]);
    expect((await t.request('GET', `/v1/companies/${id}/webhooks`, undefined, owner.caller)).body.items).toHaveLength(1);
  });

  it('given If-Match, when a test message, a retry or a signature check is asked for, then 400 names If-Match and nothing is sent, as on every route that changes no company', async () => {
    const webhookId = (await add({ url })).body.id as string;
    const headers = { 'if-match': '"1"' };
    const signed = { id: 'msg_1', timestamp: 1, payload: '{}', signature: 'v1,AAAA' };
    for (const [path, body] of [[`webhooks/${webhookId}/test`, undefined], [`webhooks/${webhookId}/deliveries/nope/retry`, undefined], ['signatures/verify', signed]] as const) {
      // Verifying is for platform services (staff or the tenancy.verify scope): an owner is refused before the input is read.
      const caller = path === 'signatures/verify' ? staff(headers) : { ...owner.caller, headers };
      const res = await t.request('POST', `/v1/companies/${id}/${path}`, body, caller);
      expect([path, res.status, res.body.code, res.body.errors]).toEqual([path, 400, 'request.invalid', [{ field: 'If-Match', message: 'is not taken by this route' }]]);
    }
  });

  it('given an employee, then they may neither add nor list endpoints', async () => {
    expect((await t.request('POST', `/v1/companies/${id}/webhooks`, { url }, employee.caller)).status).toBe(403);
    expect((await t.request('GET', `/v1/companies/${id}/webhooks`, undefined, employee.caller)).status).toBe(403);
  });

  it('given production, when an http URL is added or set, then it is refused as any bad URL is (request.invalid naming url); https is taken', async () => {
    await t.stop();
    t = await TestApp.start(undefined, { NODE_ENV: 'production', SERVER_KEY: 'Wq3vN8xLr2TzKp5YbH7cJd9eFg4Am6Us0' });
    id = await companyWithOwner(t, owner);
    const plain = await add({ url: 'http://hooks.acme.example/' });
    expect([plain.status, plain.body.code, plain.body.errors]).toEqual([400, 'request.invalid', [{ field: 'url', message: 'must use https in production' }]]);
    const added = await add({ url });
    expect(added.status).toBe(201);
    const changed = await t.request('PATCH', `/v1/companies/${id}/webhooks/${added.body.id}`, { url: 'http://hooks.acme.example/' }, owner.caller);
    expect([changed.status, changed.body.code, changed.body.errors]).toEqual([400, 'request.invalid', [{ field: 'url', message: 'must use https in production' }]]);
  });
});
