import type { EventStore } from '@tenancy/event-store';
import { EVENT_STORE } from '@tenancy/platform';
import { newCompany, staff, staffToken, TestApp } from './harness';

describe('Bad input over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => { t = await TestApp.start(); });
  afterAll(async () => t.stop());

  const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();

  async function expectRefused(body: unknown, fields: string[], headers: Record<string, string> = {}) {
    const before = await head();
    const res = await t.request('POST', '/v1/companies', body, staff(headers));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, title: 'Bad Request', type: expect.stringContaining(res.body.code) });
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
    for (const error of res.body.errors) expect(error.message).toEqual(expect.any(String));
    expect(await head()).toBe(before);
    return res.body;
  }

  it('given an unknown field, then 400 names it', async () => {
    const body = await expectRefused(newCompany({ plan: 'gold' }), ['plan']);
    expect(body.errors[0].message).toBe('is not allowed');
  });

  it('given wrong types, then 400 names each field', async () => {
    await expectRefused(newCompany({ name: 42, environment: ['production'], timezone: null }), ['name', 'environment', 'timezone']);
  });

  it('given invalid values, then 400 names each with the rule it broke', async () => {
    const body = await expectRefused(newCompany({
      environment: 'prod', baseUrl: 'ftp://files', timezone: 'Mars/Base', defaultLanguage: '12', contactEmail: 'nope',
    }), ['environment', 'baseUrl', 'timezone', 'defaultLanguage', 'contactEmail']);
    expect(body.errors).toContainEqual({ field: 'timezone', message: 'must be an IANA time zone such as Europe/Berlin' });
  });

  it('given a name of only spaces or over 200 characters, then the domain refuses it', async () => {
    await expectRefused(newCompany({ name: '   ' }), ['name']);
    await expectRefused(newCompany({ name: 'x'.repeat(201) }), ['name']);
  });

  it('given a name over its bounds, 201 characters or 150 padded with spaces past 400, then each is told the same rule, not the length guard', async () => {
    const rule = [{ field: 'name', message: 'must be 1 to 200 characters after trimming and at most 400 as sent' }];
    for (const name of ['x'.repeat(201), `${'x'.repeat(150)}${' '.repeat(251)}`, `${' '.repeat(300)}${'x'.repeat(201)}`]) {
      expect((await expectRefused(newCompany({ name }), ['name'])).errors).toEqual(rule);
    }
  });

  it('given a name of invisible characters alone (U+200B and the like), then it is refused as blank, and the document says so too', async () => {
    for (const name of ['\u200b', '\u200c\u200d', '\u2060\ufeff', ' \u200b ']) await expectRefused(newCompany({ name }), ['name']);
    const pattern = new RegExp((await t.request('GET', '/docs-json', undefined, {})).body.components.schemas.CreateCompanyDto.properties.name.pattern);
    expect(['\u200b', ' \u200b ', 'Acme\u200b'].map((name) => pattern.test(name))).toEqual([false, false, true]);
  });

  it('given malformed JSON, then 400 says so', async () => {
    const body = await expectRefused('{"name": "Acme",', ['body']);
    expect(body.code).toBe('request.malformed_json');
  });

  it('given a body over 64 KiB, then 413 says so', async () => {
    const before = await head();
    const res = await t.request('POST', '/v1/companies', newCompany({ name: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 413, title: 'Content Too Large', code: 'request.body_too_large' });
    expect(res.body.errors).toEqual([{ field: 'body', message: 'must be at most 64 KiB' }]);
    expect(await head()).toBe(before);
  });

  it('given a bad If-Match or Idempotency-Key, then 400 names the header', async () => {
    await expectRefused(newCompany(), ['Idempotency-Key'], { 'idempotency-key': 'has spaces in it' });
    const created = await t.request('POST', '/v1/companies', newCompany());
    const res = await t.request('PATCH', `/v1/companies/${created.body.id}`, { name: 'X' }, staff({ 'if-match': 'yesterday' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'If-Match', message: 'must be a quoted revision number' }]);
  });

  it('given an If-Match that is no entity-tag (unquoted, a quote unbalanced, a list), then 400 and nothing changes; a tag or * is taken; the document says the same', async () => {
    const created = await t.request('POST', '/v1/companies', newCompany());
    const company = `/v1/companies/${created.body.id}`;
    const pattern = new RegExp((await t.request('GET', '/docs-json', undefined, {})).body.paths['/v1/companies/{id}'].patch.parameters
      .find((p: { name: string }) => p.name === 'If-Match').schema.pattern);
    for (const ifMatch of ['1', '"1', '1"', 'W/1', 'w/"1"', '"1", "2"', '""', '"a"', '**', '"1"x']) {
      const before = await head();
      const res = await t.request('PATCH', company, { name: 'X' }, staff({ 'if-match': ifMatch }));
      expect({ ifMatch, status: res.status, code: res.body.code, documented: pattern.test(ifMatch) })
        .toEqual({ ifMatch, status: 400, code: 'request.invalid_if_match', documented: false });
      expect(await head()).toBe(before);
    }
    for (const ifMatch of ['"1"', 'W/"2"', '*']) {
      const res = await t.request('PATCH', company, { name: `Y${ifMatch.length}${ifMatch}` }, staff({ 'if-match': ifMatch }));
      expect({ ifMatch, status: res.status, documented: pattern.test(ifMatch) }).toEqual({ ifMatch, status: 200, documented: true });
    }
  });

  it('given list parameters out of range, then 400 names them', async () => {
    const res = await t.request('GET', '/v1/companies?limit=0&sort=size&active=maybe&cursor=@@', undefined, { token: staffToken() });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['active', 'limit', 'sort']);
    const cursor = await t.request('GET', '/v1/companies?cursor=@@');
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].field).toBe('cursor');
  });

  it('given a parameter that takes one value given twice, then 400 says it must be given once; one that takes several takes both', async () => {
    for (const query of ['environment=staging&environment=development', 'sort=name&sort=-name', 'limit=5&limit=5', 'q=a&q=b&active=true&active=false']) {
      const res = await t.request('GET', `/v1/companies?${query}`, undefined, { token: staffToken() });
      const fields = [...new Set([...query.matchAll(/(\w+)=/g)].map(([, name]) => name))];
      expect({ query, status: res.status, errors: res.body.errors })
        .toEqual({ query, status: 400, errors: fields.map((field) => ({ field, message: 'must be given once' })) });
    }
    expect((await t.request('GET', '/v1/me/companies?status=active&status=deactivated', undefined, { token: staffToken() })).status).toBe(200);
  });

  it('given an unknown route, then 404 comes as problem+json', async () => {
    const res = await t.request('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
