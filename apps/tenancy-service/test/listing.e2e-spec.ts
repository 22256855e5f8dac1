import { newCompany, TestApp } from './harness';

describe('Listing companies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
    for (const [name, environment] of [['Bravo', 'staging'], ['alpha', 'production'], ['Charlie', 'production'], ['Délta', 'development']]) {
      await t.request('POST', '/v1/companies', newCompany({ name, environment }));
    }
    const charlie = (await t.request('GET', '/v1/companies?q=charlie')).body.items[0];
    await t.request('POST', `/v1/companies/${charlie.id}/activate`);
  });
  afterAll(async () => t.stop());

  const names = async (query: string) => (await t.request('GET', `/v1/companies${query}`)).body.items.map((c: { name: string }) => c.name);

  it('lists by name by default, in any case and with or without accents, with the list fields', async () => {
    const res = await t.request('GET', '/v1/companies');
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(['alpha', 'Bravo', 'Charlie', 'Délta']);
    expect(Object.keys(res.body.items[0]).sort()).toEqual(['active', 'createdAt', 'environment', 'id', 'lastActivityAt', 'name', 'userCount']);
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters by environment, activity and a name fragment in any case, with or without accents', async () => {
    expect(await names('?environment=production')).toEqual(['alpha', 'Charlie']);
    expect(await names('?active=true')).toEqual(['Charlie']);
    expect(await names('?active=false&environment=production')).toEqual(['alpha']);
    expect(await names('?q=LT')).toEqual(['Délta']);
    expect(await names('?q=ELTA')).toEqual(['Délta']);
    expect(await names(`?q=${encodeURIComponent('ÉLT')}&environment=development`)).toEqual(['Délta']);
  });

  it('sorts by last activity, newest first, for the quarterly cleanup', async () => {
    expect((await names('?sort=-lastActivityAt'))[0]).toBe('Charlie');
    expect(await names('?sort=-createdAt')).toEqual(['Délta', 'Charlie', 'alpha', 'Bravo']);
    expect(await names('?active=false&sort=lastActivityAt')).toEqual(['Bravo', 'alpha', 'Délta']);
  });

  it('sorts by environment, active users and active, either way, ties by id', async () => {
    expect(await names('?sort=environment')).toEqual(['Délta', ...(await names('?environment=production&sort=environment')), 'Bravo']);
    expect((await names('?sort=-active'))[0]).toBe('Charlie');
    expect((await names('?sort=active'))[3]).toBe('Charlie');
    const users = async (query: string) => (await t.request('GET', `/v1/companies${query}`)).body.items.map((c: { userCount: number }) => c.userCount);
    expect(await users('?sort=-userCount')).toEqual((await users('?sort=userCount')).reverse());
  });

  it('given a sort by a filter field, when paging two at a time, then every company comes exactly once, in order', async () => {
    for (const sort of ['environment', '-environment', 'active', '-active', 'userCount', '-userCount']) {
      const seen: string[] = [];
      let url = `/v1/companies?limit=2&sort=${sort}`;
      for (;;) {
        const page = (await t.request('GET', url)).body;
        seen.push(...page.items.map((c: { name: string }) => c.name));
        if (!page.nextCursor) break;
        url = `/v1/companies?limit=2&sort=${sort}&cursor=${page.nextCursor}`;
      }
      expect([sort, seen]).toEqual([sort, await names(`?sort=${sort}`)]);
    }
  });

  it('pages with a cursor until every company came exactly once', async () => {
    const seen: string[] = [];
    let url = '/v1/companies?limit=3&sort=-name';
    for (;;) {
      const page = (await t.request('GET', url)).body;
      seen.push(...page.items.map((c: { name: string }) => c.name));
      if (!page.nextCursor) break;
      url = `/v1/companies?limit=3&sort=-name&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual(['Délta', 'Charlie', 'Bravo', 'alpha']);
  });

  it('given names differing in case and accents, when sorted by name either way, then capitals and accents do not split the order', async () => {
    for (const name of ['SortT Zulu', 'SortT alpha', 'SortT zebra', 'SortT Beta', 'SortT école']) {
      await t.request('POST', '/v1/companies', newCompany({ name }));
    }
    expect(await names('?q=SortT&sort=name')).toEqual(['SortT alpha', 'SortT Beta', 'SortT école', 'SortT zebra', 'SortT Zulu']);
    expect(await names('?q=SortT&sort=-name')).toEqual(['SortT Zulu', 'SortT zebra', 'SortT école', 'SortT Beta', 'SortT alpha']);
    expect((await names('?sort=name&limit=200')).slice(0, 2)).toEqual(['alpha', 'Bravo']);
  });
});
