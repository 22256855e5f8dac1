import type { EventStore } from '@tenancy/event-store';
import { EVENT_STORE } from '@tenancy/platform';
import { newCompany, person, TestApp } from './harness';

/**
 * `npm run bench` measures create-company against a route that does the same framework work and
 * stores nothing (issue 13). It is only a fair baseline if it refuses what create-company refuses.
 */
describe('The bench baseline route (BENCH_ROUTES)', () => {
  let t: TestApp;
  afterEach(async () => t.stop());
  const eventCount = async () => (await t.app.get<EventStore>(EVENT_STORE).readAll(0n, 1000)).events.length;

  it('given the default configuration, when it is called, then it does not exist', async () => {
    t = await TestApp.start();

    const res = await t.request('POST', '/bench/companies', newCompany());

    expect(res.status).toBe(404);
  });

  it('given BENCH_ROUTES=true, when staff post a company, then it answers like create-company and records nothing', async () => {
    t = await TestApp.start(undefined, { BENCH_ROUTES: 'true' });
    const real = await t.request('POST', '/v1/companies', newCompany());
    const before = await eventCount();

    const res = await t.request('POST', '/bench/companies', newCompany());

    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(real.body).sort());
    expect(Math.abs(res.text.length - real.text.length)).toBeLessThan(real.text.length * 0.1);
    expect(await eventCount()).toBe(before);
  });

  it('given BENCH_ROUTES=true, when the body breaks create-company\'s rules or the caller is not staff, then it is refused the same way', async () => {
    t = await TestApp.start(undefined, { BENCH_ROUTES: 'true' });

    const invalid = await t.request('POST', '/bench/companies', { ...newCompany(), timezone: 'Mars/Olympus' });
    const notStaff = await t.request('POST', '/bench/companies', newCompany(), person('mia').caller);

    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'timezone' })]);
    expect(notStaff.status).toBe(403);
  });

  it('given BENCH_ROUTES=true and fifty companies, when staff list the baseline page, then it has the shape and about the size of the real page, and refuses what the real list refuses', async () => {
    t = await TestApp.start(undefined, { BENCH_ROUTES: 'true' });
    for (let i = 0; i < 50; i++) await t.request('POST', '/v1/companies', newCompany({ name: `Bench GmbH ${i}` }));
    const real = await t.request('GET', '/v1/companies?limit=50');

    const res = await t.request('GET', '/bench/companies?limit=50');

    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(50);
    expect(Object.keys(res.body.items[0]).sort()).toEqual(Object.keys(real.body.items[0]).sort());
    expect(Math.abs(res.text.length - real.text.length)).toBeLessThan(real.text.length * 0.1);
    expect((await t.request('GET', '/bench/companies?limit=0')).status).toBe(400);
    expect((await t.request('GET', '/bench/companies?limit=50', undefined, person('mia').caller)).status).toBe(403);
  });
});
