import { appPerTest, companyWithOwner, link, person } from './harness';

/** The export: the history item format, one event a line, oldest first. */
describe('GET /v1/audit/export', () => {
  const running = appPerTest();
  const { clock } = running;

  const olivia = person('olivia', 'olivia@acme.example');
  const adam = person('adam', 'adam@acme.example');
  const lines = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line));

  it('given two companies, when staff export one, then each of its events is a line in the history item format, in stream order', async () => {
    const acme = await companyWithOwner(running.t, olivia);
    await companyWithOwner(running.t, adam, { name: 'Beta' });
    await link(running.t, acme, adam, 'viewer');

    const res = await running.t.request('GET', `/v1/audit/export?companyId=${acme}`);

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const exported = lines(res.text);
    const history = (await running.t.request('GET', `/v1/companies/${acme}/events?limit=500`)).body.items;
    expect(exported).toEqual(history);
    expect(exported.at(-1)).toMatchObject({ type: 'UserLinked', changes: expect.arrayContaining([{ field: 'members.adam.role', from: null, to: 'viewer' }]) });
  });

  it('given events on three days, when exporting everything between two instants, then only those come, with what they changed', async () => {
    const acme = await companyWithOwner(running.t, olivia);
    clock.advanceDays(1);
    const from = clock.now().toISOString();
    await running.t.request('PATCH', `/v1/companies/${acme}`, { name: 'Acme One' });
    const beta = await companyWithOwner(running.t, adam, { name: 'Beta' });
    const to = clock.now().toISOString();
    clock.advanceDays(1);
    await running.t.request('PATCH', `/v1/companies/${acme}`, { name: 'Acme Two' });

    const exported = lines((await running.t.request('GET', `/v1/audit/export?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).text);

    expect(exported[0]).toMatchObject({ companyId: acme, type: 'CompanyDetailsChanged', changes: [{ field: 'name', from: 'Acme GmbH', to: 'Acme One' }] });
    expect(exported.slice(1).every((item) => item.companyId === beta)).toBe(true);
    expect(exported.map((item) => item.occurredAt).every((at: string) => at >= from && at <= to)).toBe(true);
    const oneCompany = lines((await running.t.request('GET', `/v1/audit/export?companyId=${acme}&from=${encodeURIComponent(from)}`)).text);
    expect(oneCompany.map((item) => item.data.changes?.name)).toEqual(['Acme One', 'Acme Two']);
  });

  it('given a company id that never existed, when staff export it, then 404 problem+json; a deleted company still exports', async () => {
    const acme = await companyWithOwner(running.t, olivia);
    expect((await running.t.request('DELETE', `/v1/companies/${acme}`, { confirmName: 'Acme GmbH' })).status).toBe(204);

    const unknown = await running.t.request('GET', '/v1/audit/export?companyId=0190a0f0-0000-7000-8000-00000000dead');

    expect([unknown.status, unknown.headers['content-type'], unknown.body.code]).toEqual([404, expect.stringMatching(/^application\/problem\+json/), 'company.not_found']);
    const deleted = await running.t.request('GET', `/v1/audit/export?companyId=${acme}`);
    expect([deleted.status, lines(deleted.text).at(-1).type]).toEqual([200, 'CompanyDeleted']);
  });

  it('given a member of a company, when they export, then 403; a bad instant is 400', async () => {
    await companyWithOwner(running.t, olivia);
    expect((await running.t.request('GET', '/v1/audit/export', undefined, olivia.caller)).status).toBe(403);
    expect((await running.t.request('GET', '/v1/audit/export?from=soon')).status).toBe(400);
  });
});
