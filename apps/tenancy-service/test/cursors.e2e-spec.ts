import { companyWithOwner, link, newCompany, person, TestApp } from './harness';
import { operationsOf, type Operation } from './openapi-operations';

/** base64url of a JSON array: what the old cursors were, and what anyone can make. */
const madeUp = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/**
 * Only the service makes cursors, each for one list: its order, filters and search. Whatever else
 * is sent as one (a made-up position, a next cursor of another list or of the same list sorted or
 * filtered otherwise) is refused with 400 request.invalid_cursor on every list the document
 * describes, not read as a position (500s and empty or unrelated pages before).
 */
describe('Cursors that do not belong to the list', () => {
  let t: TestApp;
  let lists: Operation[];
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await TestApp.start();
    lists = operationsOf((await t.request('GET', '/docs-json', undefined, {})).body)
      .filter((operation) => operation.method === 'GET' && operation.parameters.some((p) => p.in === 'query' && p.name === 'cursor'));
    const owner = person('owner-1');
    const companyId = await companyWithOwner(t, owner);
    await link(t, companyId, person('member-1'), 'admin');
    for (const name of ['Bravo', 'alpha', 'Charlie']) await t.request('POST', '/v1/companies', newCompany({ name }));
    const webhook = await t.request('POST', `/v1/companies/${companyId}/webhooks`, { url: 'https://127.0.0.1/hooks' });
    ids = { id: companyId, webhookId: webhook.body.id };
  }, 60_000);
  afterAll(async () => t.stop());

  const pathOf = (operation: Operation) => operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name]));

  it('given the document, then it describes the lists this suite pages', () => {
    expect(lists.map((o) => o.path)).toEqual(expect.arrayContaining([
      '/v1/companies', '/v1/companies/{id}/members', '/v1/companies/{id}/invitations', '/v1/audit/events',
      '/v1/companies/{id}/events', '/v1/me/invitations',
    ]));
  });

  it.each([
    ['an object for the value', madeUp([{}, 'x'])],
    ['a number for the value', madeUp([0, 'x'])],
    ['a boolean for the value', madeUp([true, 'x'])],
    ['a string position', madeUp(['m', 'x'])],
    ['an array of four', madeUp(['m', 'x', 'name', 'AAAAAAAAAAAAAAAA'])],
  ])('given a made-up cursor (%s), then every list answers 400 request.invalid_cursor', async (_label, cursor) => {
    for (const operation of lists) {
      const res = await t.request('GET', `${pathOf(operation)}?cursor=${cursor}`);
      const where = `GET ${operation.path}`;
      expect({ where, status: res.status, code: res.body.code }).toEqual({ where, status: 400, code: 'request.invalid_cursor' });
    }
  });

  it('given a next cursor of the companies by name, when sent with another sort, direction, filter or search, then 400', async () => {
    const { nextCursor } = (await t.request('GET', '/v1/companies?limit=2&sort=name')).body;
    expect((await t.request('GET', `/v1/companies?limit=2&sort=name&cursor=${nextCursor}`)).status).toBe(200);
    for (const other of ['sort=userCount', 'sort=-name', 'sort=name&environment=staging', 'sort=name&q=a', 'sort=name&active=true']) {
      const res = await t.request('GET', `/v1/companies?limit=2&${other}&cursor=${nextCursor}`);
      expect({ other, status: res.status, code: res.body.code }).toEqual({ other, status: 400, code: 'request.invalid_cursor' });
    }
  });

  it('given a next cursor of one list, when sent to every other list, then 400', async () => {
    const { nextCursor } = (await t.request('GET', '/v1/companies?limit=1')).body;
    for (const operation of lists.filter((o) => o.path !== '/v1/companies')) {
      const res = await t.request('GET', `${pathOf(operation)}?cursor=${nextCursor}`);
      const where = `GET ${operation.path}`;
      expect({ where, status: res.status, code: res.body.code }).toEqual({ where, status: 400, code: 'request.invalid_cursor' });
    }
  });
});
