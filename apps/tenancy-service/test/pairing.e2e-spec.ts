import { newCompany, TestApp } from './harness';

describe('Device pairing with the API token', () => {
  let t: TestApp;
  beforeAll(async () => { t = await TestApp.start(); });
  afterAll(async () => t.stop());

  const pair = (apiToken: unknown) => t.request('POST', '/v1/pairing', { apiToken }, {});

  async function activeCompany() {
    const created = await t.request('POST', '/v1/companies', newCompany());
    await t.request('POST', `/v1/companies/${created.body.id}/activate`);
    return created.body as { id: string; apiToken: string };
  }

  it('given the current token of an active company, then pairing answers with the company', async () => {
    const { id, apiToken } = await activeCompany();
    const res = await pair(apiToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ companyId: id, name: 'Acme GmbH', environment: 'production', baseUrl: 'https://acme.example' });
  });

  it('given a base URL with credentials, then no company is made with it, so pairing can never hand them out', async () => {
    const created = await t.request('POST', '/v1/companies', newCompany({ baseUrl: 'https://user:pw@acme.example' }));
    expect([created.status, created.body.errors]).toEqual([400, [{ field: 'baseUrl', message: 'must not carry credentials' }]]);
  });

  it('given a regenerated token, then the old one is refused at once and the new one works', async () => {
    const { id, apiToken: old } = await activeCompany();
    const regenerated = await t.request('POST', `/v1/companies/${id}/api-token`);
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.apiToken).not.toBe(old);
    expect((await pair(old)).status).toBe(401);
    expect((await pair(regenerated.body.apiToken)).status).toBe(200);
  });

  it('given unknown, superseded, deactivated and deleted, then each gets the same 401', async () => {
    const a = await activeCompany();
    const superseded = a.apiToken;
    await t.request('POST', `/v1/companies/${a.id}/api-token`);
    const b = await activeCompany();
    await t.request('POST', `/v1/companies/${b.id}/deactivate`);
    const c = await activeCompany();
    await t.request('DELETE', `/v1/companies/${c.id}`, { confirmName: 'Acme GmbH' });
    const answers = await Promise.all([pair('tnc_unknown'), pair(superseded), pair(b.apiToken), pair(c.apiToken)]);
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(new Set(answers.map((r) => r.text)).size).toBe(1);
    // RFC 9110 §11.6.1: a 401 names a scheme; no bearer token was sent, so no error is given.
    expect(answers.map((r) => r.headers['www-authenticate'])).toEqual(Array(4).fill('Bearer realm="tenancy"'));
  });

  it('given a body without a token, then 400', async () => {
    expect((await pair(undefined)).status).toBe(400);
  });
});
