import { companyWithOwner, person, TestApp, testClock } from './harness';
import { operationsOf, type Operation } from './openapi-operations';

/**
 * Every query parameter the document says is an instant (`format: date-time`) takes only
 * instants that exist: Date.parse rolls 2026-11-31 over into December, which read a state as of
 * the wrong day (a 404 before the company existed) or listed from the wrong day.
 */
describe('Instants that do not exist', () => {
  let t: TestApp;
  let instants: { operation: Operation; name: string }[];
  let ids: Record<string, string>;
  const clock = testClock();

  beforeAll(async () => {
    t = await TestApp.start(undefined, {}, { clock });
    instants = operationsOf((await t.request('GET', '/docs-json', undefined, {})).body)
      .filter((operation) => operation.method === 'GET')
      .flatMap((operation) => operation.parameters
        .filter((p) => p.in === 'query' && p.schema.format === 'date-time')
        .map((p) => ({ operation, name: p.name })));
    ids = { id: await companyWithOwner(t, person('owner-1')) };
  }, 60_000);
  afterAll(async () => t.stop());

  const pathOf = (operation: Operation) => operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name]));

  it('given the document, then it describes the instants this suite sends', () => {
    expect(instants.map(({ operation, name }) => `${operation.path}?${name}`)).toEqual(expect.arrayContaining([
      '/v1/audit/events?from', '/v1/audit/events?to', '/v1/audit/companies/{id}?asOf', '/v1/companies/{id}?asOf',
    ]));
  });

  it.each([
    ['2026-11-31T12:00:00Z', 'names a day that does not exist (2026-11 has 30 days)'],
    ['2026-02-29T00:00:00Z', 'names a day that does not exist (2026-02 has 28 days)'],
    ['2016-12-31T23:59:60Z', 'must not be a leap second (:60): instants here have none; use :59'],
  ])('given %s, then every instant parameter answers 400 saying what is wrong with it', async (value, message) => {
    for (const { operation, name } of instants) {
      const res = await t.request('GET', `${pathOf(operation)}?${name}=${encodeURIComponent(value)}`);
      const where = `${operation.path}?${name}`;
      expect({ where, status: res.status, code: res.body.code, errors: res.body.errors })
        .toEqual({ where, status: 400, code: 'request.invalid', errors: [{ field: name, message }] });
    }
  });

  it('given one instant spelled several ways, then every asOf answer spells it alike: UTC, milliseconds, Z', async () => {
    const at = clock.now();
    const inBerlinLowerCase = new Date(at.getTime() + 3_600_000).toISOString().replace('Z', '+01:00').toLowerCase();
    for (const spelled of [at.toISOString(), inBerlinLowerCase, at.toISOString().replace('Z', '4567Z')]) {
      const res = await t.request('GET', `/v1/audit/companies/${ids.id}?asOf=${encodeURIComponent(spelled)}`);
      expect({ spelled, status: res.status, asOf: res.body.asOf }).toEqual({ spelled, status: 200, asOf: at.toISOString() });
    }
  });

  it('given an asOf still to come, then every asOf route answers the state now, and the audit view says it is of now, not of the instant sent', async () => {
    const future = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const withoutAsOf = ({ asOf, ...rest }: Record<string, unknown>) => rest;
    for (const path of [`/v1/audit/companies/${ids.id}`, `/v1/companies/${ids.id}`, `/v1/companies/${ids.id}/members`, `/v1/companies/${ids.id}/settings`]) {
      const [then, now] = [await t.request('GET', `${path}?asOf=${encodeURIComponent(future)}`), await t.request('GET', `${path}?asOf=${encodeURIComponent(clock.now().toISOString())}`)];
      expect({ path, status: then.status, body: withoutAsOf(then.body) }).toEqual({ path, status: 200, body: withoutAsOf(now.body) });
    }
    const before = clock.now().toISOString();
    const audit = await t.request('GET', `/v1/audit/companies/${ids.id}?asOf=${encodeURIComponent(future)}`);
    const after = clock.now().toISOString();
    expect(audit.body.asOf >= before && audit.body.asOf <= after).toBe(true);
  });

  it('given from after to, then the trail and the export answer 400 naming to, where one instant for both is taken', async () => {
    const [from, to] = ['2026-11-22T10:00:00.001Z', '2026-11-22T11:00:00+01:00'];
    for (const path of ['/v1/audit/events', `/v1/audit/export?companyId=${ids.id}`]) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await t.request('GET', `${path}${sep}from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      expect({ path, status: res.status, errors: res.body.errors }).toEqual({ path, status: 400, errors: [{ field: 'to', message: 'must not be before from' }] });
      const same = await t.request('GET', `${path}${sep}from=${encodeURIComponent(to)}&to=${encodeURIComponent(to)}`);
      expect({ path, status: same.status }).toEqual({ path, status: 200 });
    }
  });

  it('given an empty actor filter, or a + left unencoded in an instant, then 400 says what to send', async () => {
    const actor = await t.request('GET', '/v1/audit/events?actor=');
    expect([actor.status, actor.body.errors]).toEqual([400, [{ field: 'actor', message: 'must not be empty: leave it out to list every actor' }]]);
    const plus = await t.request('GET', '/v1/audit/events?from=2026-11-22T11:00:00+01:00');
    expect([plus.status, plus.body.errors?.[0]?.message]).toEqual([400, expect.stringContaining('%2B')]);
  });

  it('given an instant that exists, then it is taken', async () => {
    const res = await t.request('GET', `/v1/audit/events?from=${encodeURIComponent('2024-02-29T12:00:00Z')}`);
    expect(res.status).toBe(200);
  });
});
