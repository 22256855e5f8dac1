import type { EventStore } from '@tenancy/event-store';
import { EVENT_STORE, signJwt } from '@tenancy/platform';
import { JWT_SECRET, newCompany, person, TEST_TOKEN_LIFETIME_S, TestApp, userToken } from './harness';

const ownCompany = { name: 'Fiona\'s Shop', timezone: 'Europe/Berlin', defaultLanguage: 'de' };

/** A signed-in user creates a company of their own (seed "Managing companies and users"). */
describe('Companies of one\'s own', () => {
  let t: TestApp;
  afterEach(async () => t.stop());
  const eventCount = async () => (await t.app.get<EventStore>(EVENT_STORE).readAll(0n, 100_000)).events.length;

  it('given a signed-in user, when they create a company, then they are its owner, it counts as theirs, and its token is shown once', async () => {
    t = await TestApp.start();
    const fiona = person('fiona');

    const created = await t.request('POST', '/v1/me/companies', ownCompany, fiona.caller);

    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/v1/companies/${created.body.id}`);
    expect(created.body).toMatchObject({ name: 'Fiona\'s Shop', environment: 'production', active: false, userCount: 1 });
    expect(created.body.apiToken).toMatch(/^tnc_/);
    const mine = await t.request('GET', '/v1/me/companies', undefined, fiona.caller);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: created.body.id, role: 'owner' })]);
    const members = await t.request('GET', `/v1/companies/${created.body.id}/members`, undefined, fiona.caller);
    expect(members.body.items).toEqual([expect.objectContaining({ userId: 'fiona', email: fiona.email, role: 'owner' })]);
    const again = await t.request('GET', `/v1/companies/${created.body.id}`);
    expect(again.body.apiToken).toBeUndefined();
  });

  it('given a user who already belongs to 30 companies, when they create one more, then it is refused and nothing is recorded', async () => {
    t = await TestApp.start();
    const fiona = person('fiona');
    for (let i = 0; i < 30; i++) {
      const res = await t.request('POST', '/v1/me/companies', { ...ownCompany, name: `Shop ${i}` }, fiona.caller);
      expect(res.status).toBe(201);
    }
    const before = await eventCount();

    const refused = await t.request('POST', '/v1/me/companies', { ...ownCompany, name: 'One too many' }, fiona.caller);

    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('user.membership_limit');
    expect(await eventCount()).toBe(before);
    const listed = await t.request('GET', '/v1/companies?limit=200&q=One too many');
    expect(listed.body.items).toEqual([]);
  });

  it('given the operator switched it off (SELF_SERVICE_COMPANIES=false), when a user creates a company, then it is forbidden and nothing is recorded', async () => {
    t = await TestApp.start(undefined, { SELF_SERVICE_COMPANIES: 'false' });

    const refused = await t.request('POST', '/v1/me/companies', ownCompany, person('fiona').caller);

    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'company.self_service_disabled' });
    expect(await eventCount()).toBe(0);
    // Staff still create companies as before.
    expect((await t.request('POST', '/v1/companies', newCompany())).status).toBe(201);
  });

  it('given the operator switched it off, when a user sends a body that breaks every rule (or none at all), then still 403 first, and nothing is recorded; without a token 401 comes before it', async () => {
    t = await TestApp.start(undefined, { SELF_SERVICE_COMPANIES: 'false' });

    for (const body of [{ name: '' }, { name: 7, colour: 'red' }, undefined]) {
      const refused = await t.request('POST', '/v1/me/companies', body, person('fiona').caller);
      expect([refused.status, refused.body.code]).toEqual([403, 'company.self_service_disabled']);
    }
    expect(await eventCount()).toBe(0);
    expect((await t.request('POST', '/v1/me/companies', { name: '' }, {})).status).toBe(401);
  });

  it('given a token whose email is no address (or holds a bidi or control character), when its user creates a company, then 400 names the email, and nothing is recorded', async () => {
    t = await TestApp.start();

    for (const email of ['not an email at all <script>', 'fiona\u202e@acme.example', 'fiona\u0007@acme.example']) {
      const refused = await t.request('POST', '/v1/me/companies', ownCompany, { token: userToken('fiona', email) });
      expect([refused.status, refused.body.code, refused.body.errors])
        .toEqual([400, 'company.founder_email_required', [{ field: 'email', message: 'must be a valid email address (your token\'s email claim)' }]]);
    }
    expect(await eventCount()).toBe(0);
    expect((await t.request('GET', '/v1/me/companies', undefined, { token: userToken('fiona', 'fiona@acme.example') })).body.items).toEqual([]);
  });

  it('given a token whose email the identity provider says is unverified, when its user creates a company, then 403 as for invitations, and nothing is recorded', async () => {
    t = await TestApp.start();
    const token = (verified: boolean) =>
      signJwt({ sub: 'fiona', email: 'fiona@acme.example', email_verified: verified, exp: Math.floor(Date.now() / 1000) + TEST_TOKEN_LIFETIME_S }, JWT_SECRET);

    const refused = await t.request('POST', '/v1/me/companies', ownCompany, { token: token(false) });

    expect([refused.status, refused.body.code]).toEqual([403, 'company.founder_email_unverified']);
    expect(await eventCount()).toBe(0);
    expect((await t.request('POST', '/v1/me/companies', ownCompany, { token: token(true) })).status).toBe(201);
  });

  it('given a body with a bad timezone or an unknown field, when creating one\'s own, then each field is named and nothing is recorded', async () => {
    t = await TestApp.start();

    const refused = await t.request('POST', '/v1/me/companies', { ...ownCompany, timezone: 'Mars/Olympus', baseUrl: 'https://x.example' }, person('fiona').caller);

    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['baseUrl', 'timezone']);
    expect(await eventCount()).toBe(0);
  });
});
