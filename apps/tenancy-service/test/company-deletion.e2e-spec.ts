import Database from 'better-sqlite3';
import { sqliteFile } from '@tenancy/platform';
import { auditEventsProjection, companiesProjection, invitationsProjection, membersProjection } from '@tenancy/projections';
import { companyWithOwner, link, newCompany, person, TestApp } from './harness';

/** Deleting a company takes its people's data out of the read models and gives them their places back. */
describe('Deleting a company and its memberships', () => {
  let t: TestApp;
  beforeEach(async () => { t = await TestApp.start(); });
  afterEach(async () => t.stop());

  const remove = (id: string, confirmName: string) => t.request('DELETE', `/v1/companies/${id}`, { confirmName });
  const myCompanies = async (userId: string, email: string) =>
    (await t.request('GET', '/v1/me/companies', undefined, person(userId, email).caller)).body.items;

  it('given a user in two companies, when one is deleted, then they keep the other and no read model holds its people', async () => {
    const shared = person('sam', 'sam@both.example');
    const keptId = await companyWithOwner(t, person('kate', 'kate@kept.example'), { name: 'Kept', contactEmail: 'ops@kept.example' });
    const goneId = await companyWithOwner(t, person('dan', 'dan@gone.example'), { name: 'Gone', contactEmail: 'ops@gone.example' });
    await link(t, keptId, shared, 'employee');
    await link(t, goneId, shared, 'admin');
    await t.request('POST', `/v1/companies/${goneId}/invitations`, { email: 'pending@gone.example', role: 'viewer' });
    await t.request('PUT', `/v1/companies/${goneId}/settings`, {
      notificationPreferences: { email: true, sms: false, webhook: false }, currency: 'EUR', defaultTaxRate: 7, invoiceNumberPattern: '{seq}',
    });
    expect(await myCompanies(shared.userId, shared.email)).toHaveLength(2);

    expect((await remove(goneId, 'Gone')).status).toBe(204);

    expect(await myCompanies(shared.userId, shared.email)).toEqual([expect.objectContaining({ id: keptId, name: 'Kept', role: 'employee' })]);
    expect(await myCompanies('dan', 'dan@gone.example')).toEqual([]);
    const members = await t.request('GET', `/v1/companies/${goneId}/members`);
    expect([members.status, members.body.code]).toEqual([404, 'company.not_found']);

    await t.stop({ keepData: true });
    const db = new Database(sqliteFile(t.config), { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\'").all() as { name: string }[];
      expect(tables.map((row) => row.name)).toEqual(expect.arrayContaining(
        [membersProjection, invitationsProjection, companiesProjection].map((p) => `rm_${p.name}`)));
      const dump = (names: string[]) => names.flatMap((name) =>
        (db.prepare(`SELECT * FROM ${name}`).all() as object[]).map((row) => JSON.stringify(row))).join('\n');
      // The audit trail outlives the company on purpose (staff read a deleted company's history) and holds ids only.
      const trailTable = `rm_${auditEventsProjection.name}`;
      const readModels = dump(tables.map(({ name }) => name).filter((name) => name !== trailTable));
      const trail = dump([trailTable]);
      for (const email of ['dan@gone.example', 'pending@gone.example', 'ops@gone.example']) {
        expect(readModels).not.toContain(email);
        expect(trail).not.toContain(email);
      }
      expect(readModels).not.toContain(goneId);
      expect(trail).toContain(goneId);
      expect(readModels).toContain('kate@kept.example'); // the check can see emails at all
      expect(readModels).toContain(shared.email); // still a member of the kept company
    } finally {
      db.close();
      t = await TestApp.start(t.dataDir); // afterEach stops it and removes the folder
    }
  });

  it('given a user in 30 companies, when one of them is deleted, then they can join another one again', async () => {
    const sam = person('sam');
    const ids: string[] = [];
    for (let i = 0; i < 31; i++) {
      ids.push((await t.request('POST', '/v1/companies', newCompany({ name: `Company ${i}` }))).body.id);
    }
    for (const id of ids.slice(0, 30)) await link(t, id, sam, 'viewer');
    const linkLast = () => t.request('POST', `/v1/companies/${ids[30]}/members`, { userId: sam.userId, email: sam.email, role: 'viewer' });
    expect((await linkLast()).body.code).toBe('user.membership_limit');

    expect((await remove(ids[0], 'Company 0')).status).toBe(204);

    expect((await linkLast()).status).toBe(201);
    expect(await myCompanies(sam.userId, sam.email)).toHaveLength(30);
  });
});
