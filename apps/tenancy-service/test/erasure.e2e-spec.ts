import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { EventStore, RecordedEvent } from '@tenancy/event-store';
import { ALL_PROJECTIONS, membersProjection, ProjectionRunner } from '@tenancy/projections';
import { AuditTrailCheck } from '@tenancy/application';
import { EVENT_STORE, openStores, readConfig, signJwt, type Stores } from '@tenancy/platform';
import { STORES } from '../src/infrastructure/storage.module';
import { companyWithOwner, JWT_SECRET, link, person, TEST_TOKEN_LIFETIME_S, TestApp, type Person } from './harness';

/** Every byte of every file in the folder, the SQLite log and journal included. */
const everyByte = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1')).join('\n');

/** Asks again until `check` holds: the erasure's effects land in the background, a loaded machine may take a while. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const emailOf = (event: RecordedEvent) => event.data.email ?? (event.data.changes as { contactEmail?: string } | undefined)?.contactEmail ?? event.data.contactEmail;

describe('Erasure that really erases', () => {
  let t: TestApp;
  afterEach(async () => t?.stop());

  const sam = person('sam', 'sam@people.example');
  const olivia = person('olivia', 'olivia@acme.example');
  const kate = person('kate', 'kate@gamma.example');
  const erase = (userId: string, caller?: Person['caller']) => t.request('POST', `/v1/users/${encodeURIComponent(userId)}/erasure`, undefined, caller);
  const members = async (companyId: string) =>
    Object.fromEntries((await t.request('GET', `/v1/companies/${companyId}/members`)).body.items.map((m: { userId: string }) => [m.userId, m]));

  /** Sam: linked into Acme, invited into Gamma and accepted (so their email is also the invitation's), linked into Beta. */
  async function samInThreeCompanies() {
    const acme = await companyWithOwner(t, olivia, { name: 'Acme', contactEmail: 'ops@acme.example' });
    const gamma = await companyWithOwner(t, kate, { name: 'Gamma', contactEmail: 'ops@gamma.example' });
    const beta = await companyWithOwner(t, person('bert', 'bert@beta.example'), { name: 'Beta', contactEmail: 'ops@beta.example' });
    await link(t, acme, sam, 'admin');
    await link(t, beta, sam, 'viewer');
    const invited = await t.request('POST', `/v1/companies/${gamma}/invitations`, { email: sam.email, role: 'employee' }, kate.caller);
    expect((await t.request('POST', `/v1/invitations/${invited.body.id}/accept`, undefined, sam.caller)).status).toBe(200);
    await t.request('POST', `/v1/companies/${acme}/invitations`, { email: 'pending@acme.example', role: 'viewer' }, olivia.caller);
    return { acme, beta, gamma, invitationId: invited.body.id as string };
  }

  describe('in the embedded default', () => {
    beforeEach(async () => { t = await TestApp.start(); });

    it('given a user in three companies, when staff erase them, then 202, and they stay a member everywhere with no email, in read models and history', async () => {
      const { acme, beta, gamma, invitationId } = await samInThreeCompanies();

      const erased = await erase(sam.userId);

      expect(erased.status).toBe(202);
      expect(erased.body).toEqual({ userId: 'sam', acceptedAt: expect.any(String) });
      await eventually(async () => (await members(acme)).sam.email === null, 'the members read model shows the erasure');
      for (const companyId of [acme, beta, gamma]) {
        expect((await members(companyId)).sam).toMatchObject({ userId: 'sam', email: null, erased: ['email'] });
      }
      expect((await members(acme)).sam.role).toBe('admin');
      expect((await members(acme)).olivia.email).toBe(olivia.email);
      expect((await members(acme)).olivia).not.toHaveProperty('erased');
      expect((await t.request('GET', `/v1/companies/${gamma}/invitations/${invitationId}`)).body).toMatchObject({ email: null, erased: ['email'], status: 'accepted' });
      const mine = (await t.request('GET', '/v1/me/companies', undefined, person('sam').caller)).body.items;
      expect(mine.map((c: { name: string }) => c.name)).toEqual(['Acme', 'Beta', 'Gamma']);

      const history = (await t.request('GET', `/v1/companies/${gamma}/events`)).body.items;
      const entry = (type: string, userId = 'sam') => history.find((e: any) => e.type === type && e.data.userId === userId);
      expect(history.find((e: any) => e.type === 'InvitationSent' && e.data.invitationId === invitationId))
        .toMatchObject({ data: { email: null }, erased: ['email'] });
      expect(entry('InvitationAccepted')).toMatchObject({ data: { email: null }, actor: { userId: 'sam', email: null }, erased: ['email', 'actor.email'] });
      expect(entry('MemberJoined')).toMatchObject({ data: { email: null }, erased: ['email', 'actor.email'] });
      expect(entry('MemberJoined', 'kate')).toMatchObject({ data: { email: kate.email } });
      expect(entry('MemberJoined', 'kate')).not.toHaveProperty('erased');
    });

    it('given people who never joined a company (staff who acted, an invitee who declined), when staff erase them, then 202 and their emails read as erased everywhere', async () => {
      const staff2 = { token: signJwt({ sub: 'staff2', staff: true, email: 'zz-staff2-888@example.org', exp: Math.floor(Date.now() / 1000) + TEST_TOKEN_LIFETIME_S }, JWT_SECRET) };
      const erin = person('erin', 'erin@elsewhere.example');
      const acme = await companyWithOwner(t, olivia, { name: 'Acme' });
      expect((await t.request('POST', `/v1/companies/${acme}/activate`, undefined, staff2)).status).toBe(200);
      const invited = await t.request('POST', `/v1/companies/${acme}/invitations`, { email: erin.email, role: 'viewer' }, olivia.caller);
      expect((await t.request('POST', `/v1/invitations/${invited.body.id}/decline`, undefined, erin.caller)).status).toBe(200);
      const everywhere = async () => [
        JSON.stringify((await t.request('GET', `/v1/companies/${acme}/events`)).body),
        JSON.stringify((await t.request('GET', `/v1/audit/companies/${acme}`)).body),
        JSON.stringify((await t.request('GET', `/v1/companies/${acme}/invitations?status=declined`)).body),
        (await t.request('GET', `/v1/audit/export?companyId=${acme}`)).text,
      ].join('\n');
      expect(await everywhere()).toContain('zz-staff2-888@example.org');
      expect(await everywhere()).toContain(erin.email);

      expect((await erase('staff2')).status).toBe(202);
      expect((await erase('erin')).status).toBe(202);

      await eventually(async () => !/zz-staff2-888@example\.org|erin@elsewhere\.example/.test(await everywhere()), 'no reader shows their emails');
      expect(await everywhere()).toContain(olivia.email);
      const history = (await t.request('GET', `/v1/companies/${acme}/events`)).body.items;
      expect(history.find((e: any) => e.actor.userId === 'staff2')).toMatchObject({ actor: { userId: 'staff2', email: null }, erased: ['actor.email'] });
      expect(history.find((e: any) => e.type === 'InvitationDeclined')).toMatchObject({ data: { userId: 'erin', email: null } });
    });

    it('given staff erased a user, then the audit trail answers who erased whom and when: by type, by actor and in the export, and verification holds', async () => {
      const { acme } = await samInThreeCompanies();

      const erased = await erase(sam.userId);

      const trail = async (query: string) => (await t.request('GET', `/v1/audit/events?${query}`)).body.items as any[];
      await eventually(async () => (await trail('type=UserErased')).length === 1, 'the trail lists the erasure');
      const [item] = await trail('type=UserErased');
      expect(item).toMatchObject({
        type: 'UserErased', companyId: null, actor: { userId: 'staff-1', staff: true }, about: { userId: 'sam' },
        data: { userId: 'sam' }, changes: [], occurredAt: erased.body.acceptedAt,
      });
      expect((await trail('actor=staff-1')).map((e) => e.type)).toContain('UserErased');
      expect((await trail(`companyId=${acme}`)).map((e) => e.type)).not.toContain('UserErased');
      expect((await trail('')).map((e) => e.type)).toContain('UserErased');
      const exported = (await t.request('GET', '/v1/audit/export')).text.trim().split('\n').map((line) => JSON.parse(line));
      expect(exported.find((e) => e.type === 'UserErased')).toMatchObject({ companyId: null, about: { userId: 'sam' }, changes: [] });
      const stores = t.app.get<Stores>(STORES);
      expect(await new AuditTrailCheck(stores.storedEvents, stores.readModels).all()).toBeNull();
    });

    it('given a user id nobody ever used, when staff erase it, then 404 user.not_found and nothing is recorded', async () => {
      await companyWithOwner(t, olivia, { name: 'Acme' });
      const store = t.app.get<EventStore>(EVENT_STORE);
      const head = await store.headPosition();

      const refused = await erase('nobody-we-know');

      expect([refused.status, refused.body.code]).toEqual([404, 'user.not_found']);
      expect(await store.headPosition()).toBe(head);
    });

    it('given a caller who is not staff, when they ask to erase someone, then 403 and nothing is recorded', async () => {
      const store = t.app.get<EventStore>(EVENT_STORE);
      const head = await store.headPosition();
      const refused = await erase('sam', sam.caller);
      expect([refused.status, refused.body.code]).toEqual([403, 'auth.staff_only']);
      expect(await store.headPosition()).toBe(head);
    });

    it('given a deleted company, then every email in its whole history reads as erased, and other companies keep theirs', async () => {
      const { acme, gamma } = await samInThreeCompanies();

      expect((await t.request('DELETE', `/v1/companies/${acme}`, { confirmName: 'Acme' })).status).toBe(204);

      const store = t.app.get<EventStore>(EVENT_STORE);
      const of = async (companyId: string) => (await store.readAll(0n, 10_000)).events.filter((e) => e.streamName === `company-${companyId}`);
      await eventually(async () => (await of(acme)).every((e) => emailOf(e) == null), 'the company\'s keys are destroyed');
      const withEmails = (await of(acme)).filter((e) => e.metadata.erased);
      expect(withEmails.map((e) => e.type)).toEqual(expect.arrayContaining(['CompanyCreated', 'InvitationSent', 'MemberJoined', 'UserLinked']));
      for (const event of await of(acme)) expect((event.metadata.actor as { email?: unknown }).email ?? null).toBeNull();
      expect((await of(gamma)).map(emailOf)).toContain(kate.email);
    });

    it('given an erased user and a deleted company, then their emails\' bytes are in no file of DATA_DIR, running, stopped and after a rebuild', async () => {
      const { acme, beta } = await samInThreeCompanies();
      // Sam signs in to Beta often enough that its stream's state is kept in a snapshot, with Sam's email.
      for (let i = 0; i < 60; i++) expect((await t.request('POST', `/v1/companies/${beta}/members/sam/sign-ins`, undefined, sam.caller)).status).toBe(200);
      const gone = [sam.email, olivia.email, 'ops@acme.example', 'pending@acme.example'];
      expect(everyByte(t.dataDir)).toContain(sam.email); // the scan sees emails at all

      await erase(sam.userId);
      await t.request('DELETE', `/v1/companies/${acme}`, { confirmName: 'Acme' });
      await eventually(async () => !gone.some((email) => everyByte(t.dataDir).includes(email)), 'no file holds an erased email');

      const kept = everyByte(t.dataDir);
      expect(kept).toContain(kate.email); // a member the erasure did not touch (read models hold it in the clear)
      await t.stop({ keepData: true });
      for (const email of gone) expect(everyByte(t.dataDir)).not.toContain(email);

      const stores = await openStores(readConfig({ DATA_DIR: t.dataDir, AUTH_JWT_SECRET: JWT_SECRET }));
      try {
        const runner = new ProjectionRunner(stores.events, stores.readModels, ALL_PROJECTIONS);
        for (const projection of ALL_PROJECTIONS) await runner.rebuild(projection);
        const rebuilt = await stores.readModels.list(membersProjection.name, { filter: { userId: 'sam' }, sort: { field: 'joinedAt', descending: false }, limit: 10 });
        expect(rebuilt.items.map((m) => m.email)).toEqual([null, null]); // Beta and Gamma; Acme is gone
      } finally {
        await stores.close();
      }
      for (const email of gone) expect(everyByte(t.dataDir)).not.toContain(email);
      expect(everyByte(t.dataDir)).toContain(kate.email);
      t = await TestApp.start(t.dataDir); // afterEach stops it and removes the folder
    });
  });

  const mongoUrl = process.env.MONGODB_URL;
  (mongoUrl ? describe : describe.skip)('with read models and keys in MongoDB', () => {
    const database = `erasure_${randomUUID().slice(0, 8)}`;
    let client: MongoClient;
    beforeAll(async () => { client = await MongoClient.connect(mongoUrl!); });
    afterAll(async () => { await client?.db(database).dropDatabase(); await client?.close(); });
    beforeEach(async () => { t = await TestApp.start(undefined, { MONGODB_URL: mongoUrl!, MONGODB_DATABASE: database }); });

    const everyDocument = async () => {
      const db = client.db(database);
      const collections = await db.listCollections().toArray();
      const all = await Promise.all(collections.map(async ({ name }) => JSON.stringify(await db.collection(name).find().toArray())));
      return all.join('\n');
    };

    it('given an erased user, then no MongoDB document and no file of DATA_DIR holds their email, and their keys are gone', async () => {
      const { acme } = await samInThreeCompanies();
      expect(await everyDocument()).toContain(sam.email);
      expect(await client.db(database).collection('data_keys').countDocuments({ userId: 'sam' })).toBeGreaterThan(0);

      expect((await erase(sam.userId)).status).toBe(202);

      await eventually(async () => (await members(acme)).sam.email === null, 'the members read model shows the erasure');
      await eventually(async () => !(await everyDocument()).includes(sam.email), 'no document holds the email');
      expect(await client.db(database).collection('data_keys').countDocuments({ userId: 'sam' })).toBe(0);
      expect(everyByte(t.dataDir)).not.toContain(sam.email);
      expect(await everyDocument()).toContain(kate.email);
    });
  });
});
