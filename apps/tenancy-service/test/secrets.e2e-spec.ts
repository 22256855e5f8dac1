import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { companyWithOwner, newCompany, person, staff, TestApp } from './harness';

describe('Raw API tokens stay out of storage and logs', () => {
  it('given tokens handed out on create, repeat and regenerate, then no byte of storage or log holds them', async () => {
    const logged: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => { logged.push(String(chunk)); return true; }));
    const t = await TestApp.start();
    try {
      const created = await t.request('POST', '/v1/companies', newCompany(), staff({ 'idempotency-key': 'k-1' }));
      const repeated = await t.request('POST', '/v1/companies', newCompany(), staff({ 'idempotency-key': 'k-1' }));
      const regenerated = await t.request('POST', `/v1/companies/${created.body.id}/api-token`);
      await t.request('POST', '/v1/pairing', { apiToken: regenerated.body.apiToken }, {});
      const raw = [created.body.apiToken, regenerated.body.apiToken];
      expect(repeated.body.apiToken).toBe(raw[0]);
      await t.stop({ keepData: true });

      const stored = readdirSync(t.dataDir).map((file) => readFileSync(join(t.dataDir, file)).toString('latin1')).join('\n');
      expect(stored).toContain(created.body.id);
      for (const token of raw) {
        expect(stored).not.toContain(token);
        expect(stored).not.toContain(token.slice(8));
        expect(logged.join('')).not.toContain(token.slice(8));
      }
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });
});

describe('No cache keeps an answer of the API', () => {
  let t: TestApp;
  beforeEach(async () => { t = await TestApp.start(); });
  afterEach(async () => t.stop());

  it('given answers carrying a raw token or secret (first or replayed), personal data, or a refusal, then each says Cache-Control: no-store', async () => {
    const olivia = person('olivia');
    const id = await companyWithOwner(t, olivia);
    const rotate = () => t.request('POST', `/v1/companies/${id}/secret`, undefined, { ...olivia.caller, headers: { 'idempotency-key': 'rotate-1' } });
    const answers = {
      'staff create (token)': await t.request('POST', '/v1/companies', newCompany({ name: 'Beta' }), staff({ 'idempotency-key': 'create-1' })),
      'staff create, replayed': await t.request('POST', '/v1/companies', newCompany({ name: 'Beta' }), staff({ 'idempotency-key': 'create-1' })),
      'own company (token)': await t.request('POST', '/v1/me/companies', { name: 'Own', timezone: 'UTC', defaultLanguage: 'en' }, person('fiona').caller),
      'regenerated token': await t.request('POST', `/v1/companies/${id}/api-token`),
      'rotated secret': await rotate(),
      'rotated secret, replayed': await rotate(),
      'members (emails)': await t.request('GET', `/v1/companies/${id}/members`, undefined, olivia.caller),
      'me': await t.request('GET', '/v1/me', undefined, olivia.caller),
      'a refusal': await t.request('GET', '/v1/companies/00000000-0000-7000-8000-000000000000'),
    };
    expect(answers['rotated secret, replayed'].headers['idempotent-replayed']).toBe('true');
    expect(Object.entries(answers).map(([what, res]) => [what, res.status < 500, res.headers['cache-control']]))
      .toEqual(Object.keys(answers).map((what) => [what, true, 'no-store']));
  });
});
