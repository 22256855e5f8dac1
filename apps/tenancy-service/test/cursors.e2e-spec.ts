import { companyWithOwner, link, newCompany, person, TestApp, type Caller } from './harness';
import { operationsOf, type Operation } from './openapi-operations';

/** base64url of a JSON array: what the old cursors were, and what anyone can make. */
const madeUp = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/**
 * A next cursor whose position (its JSON array's value or id) was rewritten, all else kept: its
 * tag, or the sort and digest the old cursors carried in the array.
 */
function edited(cursor: string, edit: (value: unknown, id: string) => [unknown, string]): string {
  const [body, ...tag] = cursor.split('.');
  const [value, id, ...rest] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  return [madeUp([...edit(value, id), ...rest]), ...tag].join('.');
}

/** Another value of the same kind (a 1970 instant, as the tester's edit was): a page from anywhere. */
const another = (value: unknown): unknown =>
  (typeof value === 'string' ? '1970-01-01T00:00:00.000Z' : typeof value === 'number' ? (value === 0 ? 1 : 0) : !value);

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
  /** Invited to two companies, so their own invitations take two pages. */
  const invitee = person('invitee-1');

  beforeAll(async () => {
    t = await TestApp.start();
    lists = operationsOf((await t.request('GET', '/docs-json', undefined, {})).body)
      .filter((operation) => operation.method === 'GET' && operation.parameters.some((p) => p.in === 'query' && p.name === 'cursor'));
    const owner = person('owner-1');
    const companyId = await companyWithOwner(t, owner);
    await link(t, companyId, person('member-1'), 'admin');
    for (const name of ['Bravo', 'alpha', 'Charlie']) {
      const other = (await t.request('POST', '/v1/companies', newCompany({ name }))).body.id;
      await t.request('POST', `/v1/companies/${other}/invitations`, { email: invitee.email, role: 'viewer' });
    }
    for (const who of ['invited-1', 'invited-2']) await t.request('POST', `/v1/companies/${companyId}/invitations`, { email: `${who}@acme.example`, role: 'viewer' });
    // Webhooks on, with a secret to sign with: each event after the endpoint was added is owed to it, so its deliveries take pages too.
    await t.request('POST', `/v1/companies/${companyId}/secret`);
    const settings = { notificationPreferences: { email: false, sms: false, webhook: true }, currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{seq}' };
    await t.request('PUT', `/v1/companies/${companyId}/settings`, settings);
    const webhook = await t.request('POST', `/v1/companies/${companyId}/webhooks`, { url: 'https://127.0.0.1/hooks' });
    await t.request('POST', `/v1/companies/${companyId}/webhooks`, { url: 'https://127.0.0.1/other-hooks' });
    ids = { id: companyId, webhookId: webhook.body.id };
    const deliveries = `/v1/companies/${companyId}/webhooks/${webhook.body.id}/deliveries`;
    for (let waited = 0; (await t.request('GET', deliveries)).body.items.length < 2; waited += 20) {
      if (waited > 10_000) throw new Error('no deliveries were scheduled');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
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

  /** The caller who has a second page of the list: the invitee for their own invitations, staff elsewhere. */
  const callerOf = (operation: Operation): Caller | undefined => (operation.path.startsWith('/v1/me/') ? invitee.caller : undefined);

  /** Every list's first page of one, its next cursor, and the next page with it: each list pages. */
  async function nextCursors(): Promise<[Operation, string][]> {
    const found: [Operation, string][] = [];
    for (const operation of lists) {
      const { status, body } = await t.request('GET', `${pathOf(operation)}?limit=1`, undefined, callerOf(operation));
      const where = `GET ${operation.path}`;
      expect({ where, status, next: typeof body.nextCursor }).toEqual({ where, status: 200, next: 'string' });
      const next = await t.request('GET', `${pathOf(operation)}?limit=1&cursor=${encodeURIComponent(body.nextCursor)}`, undefined, callerOf(operation));
      expect({ where, status: next.status }).toEqual({ where, status: 200 });
      found.push([operation, body.nextCursor]);
    }
    return found;
  }

  it('given a next cursor of every list, when its position is edited (another value, another id) and the rest kept, then 400 request.invalid_cursor', async () => {
    for (const [operation, cursor] of await nextCursors()) {
      for (const [edit, forged] of [
        ['value', edited(cursor, (value, id) => [another(value), id])],
        ['id', edited(cursor, (value, id) => [value, `${id}x`])],
        ['both', edited(cursor, (value) => [another(value), ''])],
      ]) {
        const res = await t.request('GET', `${pathOf(operation)}?limit=1&cursor=${encodeURIComponent(forged)}`, undefined, callerOf(operation));
        const where = `GET ${operation.path}, ${edit} edited`;
        expect({ where, status: res.status, code: res.body.code }).toEqual({ where, status: 400, code: 'request.invalid_cursor' });
      }
    }
  });

  it('given a next cursor of the members as of an instant, then only that instant\'s list takes it: not the live list, nor another instant, and the live list\'s cursor not either', async () => {
    const members = `/v1/companies/${ids.id}/members?limit=1`;
    const [then, later] = [new Date(Date.now() + 1).toISOString(), new Date(Date.now() + 2).toISOString()];
    const asOf = (await t.request('GET', `${members}&asOf=${then}`)).body.nextCursor;
    const live = (await t.request('GET', members)).body.nextCursor;
    expect((await t.request('GET', `${members}&asOf=${then}&cursor=${encodeURIComponent(asOf)}`)).status).toBe(200);
    // The same instant spelled otherwise is the same list.
    expect((await t.request('GET', `${members}&asOf=${encodeURIComponent(then.replace('Z', '+00:00'))}&cursor=${encodeURIComponent(asOf)}`)).status).toBe(200);
    for (const [label, url] of [
      ['as-of cursor, live list', `${members}&cursor=${encodeURIComponent(asOf)}`],
      ['as-of cursor, another instant', `${members}&asOf=${later}&cursor=${encodeURIComponent(asOf)}`],
      ['live cursor, a list as of an instant', `${members}&asOf=${then}&cursor=${encodeURIComponent(live)}`],
    ]) {
      const res = await t.request('GET', url);
      expect({ label, status: res.status, code: res.body.code }).toEqual({ label, status: 400, code: 'request.invalid_cursor' });
    }
  });

  it('given a next cursor of the webhook deliveries of one status, when sent for all statuses or another status, then 400', async () => {
    const deliveries = lists.find((operation) => operation.path.endsWith('/deliveries'))!;
    const { nextCursor } = (await t.request('GET', `${pathOf(deliveries)}?limit=1`)).body;
    for (const query of ['status=pending', 'status=failed']) {
      const res = await t.request('GET', `${pathOf(deliveries)}?limit=1&${query}&cursor=${encodeURIComponent(nextCursor)}`);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'request.invalid_cursor' });
    }
  });
});
