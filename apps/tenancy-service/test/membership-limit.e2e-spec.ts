import { WrongExpectedRevision, type EventStore } from '@tenancy/event-store';
import { EVENT_STORE } from '@tenancy/platform';
import { newCompany, person, TestApp, type Person, type Response } from './harness';

/**
 * A user belongs to at most 30 companies. Memberships live on 40 different company streams, so
 * the limit holds only because every join first takes a place on the one user stream.
 */
describe('The 30-company limit under concurrency', () => {
  let t: TestApp;
  beforeEach(async () => { t = await TestApp.start(); });
  afterEach(async () => t.stop());

  const companies = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await t.request('POST', '/v1/companies', newCompany({ name: `Company ${String(i).padStart(2, '0')}` }));
      ids.push(res.body.id);
    }
    return ids;
  };
  const myCompanies = async (who: Person) => (await t.request('GET', '/v1/me/companies', undefined, who.caller)).body.items;
  const tally = (answers: Response[]) => {
    const counts: Record<string, number> = {};
    for (const res of answers) {
      const key = res.status === 409 ? `409 ${res.body.code}` : String(res.status);
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };
  /**
   * The embedded store appends in microseconds, so requests rarely overlap. A few milliseconds of
   * latency before each append, as a remote store has, makes them race; the count of appends
   * refused for a stale revision proves they did.
   */
  const raceAppends = () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const append = store.appendToStream.bind(store);
    let conflicts = 0;
    jest.spyOn(store, 'appendToStream').mockImplementation(async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      try {
        return await append(...args);
      } catch (error) {
        if (error instanceof WrongExpectedRevision) conflicts++;
        throw error;
      }
    });
    return () => conflicts;
  };
  const userCounts = async (ids: string[]) => {
    const listed = (await t.request('GET', '/v1/companies?limit=200')).body.items as { id: string; userCount: number }[];
    return listed.filter((c) => ids.includes(c.id)).reduce((sum, c) => sum + c.userCount, 0);
  };

  it('given 40 companies each inviting one user, when the user accepts all 40 at once, then 30 join and 10 are refused', async () => {
    const nina = person('nina');
    const ids = await companies(40);
    const invitations: string[] = [];
    for (const id of ids) {
      const res = await t.request('POST', `/v1/companies/${id}/invitations`, { email: nina.email, role: 'employee' });
      invitations.push(res.body.id);
    }

    const conflicts = raceAppends();
    const answers = await Promise.all(invitations.map((inv) =>
      t.request('POST', `/v1/invitations/${inv}/accept`, undefined, nina.caller)));
    expect(conflicts()).toBeGreaterThan(0);

    expect(tally(answers)).toEqual({ 200: 30, '409 user.membership_limit': 10 });
    expect(await myCompanies(nina)).toHaveLength(30);
    expect(await userCounts(ids)).toBe(30);
    // The refused invitations are still open: nothing was decided on their companies.
    const refused = ids.filter((_, i) => answers[i].status === 409);
    const stillPending = await t.request('GET', `/v1/companies/${refused[0]}/invitations`);
    expect(stillPending.body.items).toHaveLength(1);
  });

  it('given 40 companies, when staff link the same user into all 40 at once, then 30 links hold and 10 are refused', async () => {
    const emma = person('emma');
    const ids = await companies(40);

    const conflicts = raceAppends();
    const answers = await Promise.all(ids.map((id) =>
      t.request('POST', `/v1/companies/${id}/members`, { userId: emma.userId, email: emma.email, role: 'viewer' })));
    expect(conflicts()).toBeGreaterThan(0);

    expect(tally(answers)).toEqual({ 201: 30, '409 user.membership_limit': 10 });
    expect(await myCompanies(emma)).toHaveLength(30);
    expect(await userCounts(ids)).toBe(30);
  });

  it('given a user in 30 companies, when removed from one, then their place is free for another company', async () => {
    const emma = person('emma');
    const ids = await companies(31);
    for (const id of ids.slice(0, 30)) {
      await t.request('POST', `/v1/companies/${id}/members`, { userId: emma.userId, email: emma.email, role: 'viewer' });
    }
    const full = await t.request('POST', `/v1/companies/${ids[30]}/members`, { userId: emma.userId, email: emma.email, role: 'viewer' });
    expect([full.status, full.body.code]).toEqual([409, 'user.membership_limit']);

    expect((await t.request('DELETE', `/v1/companies/${ids[0]}/members/${emma.userId}`)).status).toBe(204);
    const joined = await t.request('POST', `/v1/companies/${ids[30]}/members`, { userId: emma.userId, email: emma.email, role: 'viewer' });
    expect(joined.status).toBe(201);
    expect(await myCompanies(emma)).toHaveLength(30);
  });

  it('given a user in 30 companies, deactivated in one, when they remove themself from it, then they can join another', async () => {
    const emma = person('emma');
    const ids = await companies(31);
    for (const id of ids.slice(0, 30)) {
      await t.request('POST', `/v1/companies/${id}/members`, { userId: emma.userId, email: emma.email, role: 'viewer' });
    }
    await t.request('POST', `/v1/companies/${ids[0]}/members/${emma.userId}/deactivate`);
    const deactivated = (await t.request('GET', '/v1/me/companies?status=deactivated', undefined, emma.caller)).body.items;
    expect(deactivated.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    const full = await t.request('POST', `/v1/companies/${ids[30]}/members`, { userId: emma.userId, email: emma.email, role: 'viewer' });
    expect([full.status, full.body.code]).toEqual([409, 'user.membership_limit']);
    // Leaving is all a deactivated member may do there: the company stays hidden otherwise.
    const read = await t.request('GET', `/v1/companies/${ids[0]}/members`, undefined, emma.caller);
    expect([read.status, read.body.code]).toEqual([404, 'company.not_found']);

    const left = await t.request('DELETE', `/v1/companies/${ids[0]}/members/${emma.userId}`, undefined, emma.caller);

    expect(left.status).toBe(204);
    expect((await t.request('GET', '/v1/me/companies?status=deactivated', undefined, emma.caller)).body.items).toEqual([]);
    const joined = await t.request('POST', `/v1/companies/${ids[30]}/members`, { userId: emma.userId, email: emma.email, role: 'viewer' });
    expect(joined.status).toBe(201);
    expect(await myCompanies(emma)).toHaveLength(30);
  });

  it('given a user stream that changes under every attempt, when accepting, then 409 asks to retry and nothing is joined', async () => {
    const nina = person('nina');
    const [id] = await companies(1);
    const sent = await t.request('POST', `/v1/companies/${id}/invitations`, { email: nina.email, role: 'employee' });
    const store = t.app.get<EventStore>(EVENT_STORE);
    const append = store.appendToStream.bind(store);
    jest.spyOn(store, 'appendToStream').mockImplementation(async (stream, events, expected) => {
      if (stream.startsWith('user-')) throw new WrongExpectedRevision(stream, expected, 99n);
      return append(stream, events, expected);
    });

    const res = await t.request('POST', `/v1/invitations/${sent.body.id}/accept`, undefined, nina.caller);

    expect([res.status, res.body.code]).toEqual([409, 'request.concurrent_change']);
    expect(await myCompanies(nina)).toEqual([]);
    expect((await t.request('GET', `/v1/companies/${id}/invitations`)).body.items).toHaveLength(1);
  });
});
