import { companyWithOwner, person, TestApp } from './harness';
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

  beforeAll(async () => {
    t = await TestApp.start();
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

  it('given an instant that exists, then it is taken', async () => {
    const res = await t.request('GET', `/v1/audit/events?from=${encodeURIComponent('2024-02-29T12:00:00Z')}`);
    expect(res.status).toBe(200);
  });
});
