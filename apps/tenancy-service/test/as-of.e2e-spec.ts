import { appPerTest, companyWithOwner, person, TestApp } from './harness';

/** State as of any instant, folded from the events up to it; the changes happen at instants the test's clock sets. */
describe('State as of any instant', () => {
  const running = appPerTest();
  const { clock } = running;

  const olivia = person('olivia', 'olivia@acme.example');
  const adam = person('adam', 'adam@acme.example');
  const settings = { notificationPreferences: { email: true, sms: false, webhook: false }, currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{seq}' };

  /** Half a day after the change just made: the next change comes a day later. */
  const halfDayOn = () => new Date(clock.now().getTime() + 12 * 60 * 60 * 1000).toISOString();
  const asOf = (id: string, instant: string) => running.t.request('GET', `/v1/audit/companies/${id}?asOf=${encodeURIComponent(instant)}`);

  it('given changes a day apart, when staff read the company between each pair, then they see it exactly as it was, deleted included', async () => {
    const beforeCreation = new Date(clock.now().getTime() - 60 * 60 * 1000).toISOString();
    const id = await companyWithOwner(running.t, olivia, { name: 'Acme' });
    const created = halfDayOn();
    clock.advanceDays(1);
    await running.t.request('PATCH', `/v1/companies/${id}`, { name: 'Acme Renamed' });
    await running.t.request('POST', `/v1/companies/${id}/activate`);
    const renamed = halfDayOn();
    clock.advanceDays(1);
    await running.t.request('POST', `/v1/companies/${id}/members`, { userId: adam.userId, email: adam.email, role: 'admin' });
    await running.t.request('PUT', `/v1/companies/${id}/settings`, settings, olivia.caller);
    const grown = halfDayOn();
    clock.advanceDays(1);
    await running.t.request('PATCH', `/v1/companies/${id}/members/adam`, { role: 'viewer' }, olivia.caller);
    const invitation = await running.t.request('POST', `/v1/companies/${id}/invitations`, { email: 'nina@acme.example', role: 'employee' }, olivia.caller);
    const demoted = halfDayOn();

    /** Each state between two changes; after the deletion its personal data reads as null (its keys are destroyed). */
    const checkStates = async (email: (value: string) => string | null) => {
      expect((await asOf(id, beforeCreation)).status).toBe(404);
      const first = (await asOf(id, created)).body;
      expect(first).toMatchObject({
        asOf: created, revision: expect.any(Number),
        company: { id, name: 'Acme', active: false, deleted: false, contactEmail: email('ops@acme.example'), userCount: 1, ownerUserId: 'olivia' },
        members: [{ userId: 'olivia', email: email(olivia.email), role: 'owner', status: 'active' }],
        settings: { notificationPreferences: null, currency: null, defaultTaxRate: null, invoiceNumberPattern: null },
      });
      expect(first.invitations).toEqual([expect.objectContaining({ role: 'owner', status: 'accepted' })]);
      expect((await asOf(id, renamed)).body.company).toMatchObject({ name: 'Acme Renamed', active: true });
      const third = (await asOf(id, grown)).body;
      expect(third.members.map((m: any) => [m.userId, m.role])).toEqual([['olivia', 'owner'], ['adam', 'admin']]);
      expect(third.settings).toEqual(settings);
      const fourth = (await asOf(id, demoted)).body;
      expect(fourth.members.map((m: any) => [m.userId, m.role])).toEqual([['olivia', 'owner'], ['adam', 'viewer']]);
      expect(fourth.invitations.find((i: any) => i.invitationId === invitation.body.id))
        .toMatchObject({ email: email('nina@acme.example'), status: 'sent' });
      expect(fourth.revision).toBeGreaterThan(third.revision);
    };
    clock.advanceDays(1); // `demoted` is half a day on: read once it is past (an asOf still to come is 400)
    await checkStates((value) => value);

    clock.advanceDays(1);
    expect((await running.t.request('DELETE', `/v1/companies/${id}`, { confirmName: 'Acme Renamed' })).status).toBe(204);
    const deleted = halfDayOn();
    clock.advanceDays(1);

    await checkStates(() => null);
    const gone = (await asOf(id, deleted)).body;
    expect(gone.company).toMatchObject({ name: 'Acme Renamed', deleted: true, active: false, contactEmail: null });
    expect(gone.members.map((m: any) => m.userId)).toEqual(['olivia', 'adam']);
    expect((await running.t.request('GET', `/v1/audit/companies/${id}`)).body.company.deleted).toBe(true);
  });

  it('given a company that changed, then asOf on its detail, members and settings shows them as they were, to those who may read them', async () => {
    const id = await companyWithOwner(running.t, olivia, { name: 'Acme' });
    const created = halfDayOn();
    clock.advanceDays(1);
    await running.t.request('PATCH', `/v1/companies/${id}`, { name: 'Acme Renamed' });
    await running.t.request('POST', `/v1/companies/${id}/members`, { userId: adam.userId, email: adam.email, role: 'viewer' });
    await running.t.request('PUT', `/v1/companies/${id}/settings`, settings, olivia.caller);
    const q = `?asOf=${encodeURIComponent(created)}`;

    expect((await running.t.request('GET', `/v1/companies/${id}${q}`)).body).toMatchObject({ id, name: 'Acme', userCount: 1, ownerUserId: 'olivia' });
    expect((await running.t.request('GET', `/v1/companies/${id}`)).body).toMatchObject({ name: 'Acme Renamed', userCount: 2 });
    const members = await running.t.request('GET', `/v1/companies/${id}/members${q}`, undefined, adam.caller);
    expect(members.body).toEqual({ items: [expect.objectContaining({ userId: 'olivia', role: 'owner' })], nextCursor: null });
    expect((await running.t.request('GET', `/v1/companies/${id}/settings${q}`, undefined, olivia.caller)).body)
      .toMatchObject({ currency: null, secretVersion: 0 });
    expect((await running.t.request('GET', `/v1/companies/${id}/settings${q}`, undefined, adam.caller)).status).toBe(403);
    expect((await running.t.request('GET', `/v1/companies/${id}/members?asOf=yesterday`)).status).toBe(400);
    expect((await running.t.request('GET', `/v1/companies/${id}${q}`, undefined, olivia.caller)).status).toBe(403);
  });

  it('given a member later erased, then the state as of before the erasure shows their email as null and listed as erased, in the state and in the members list', async () => {
    const id = await companyWithOwner(running.t, olivia, { name: 'Acme' });
    await running.t.request('POST', `/v1/companies/${id}/members`, { userId: adam.userId, email: adam.email, role: 'viewer' });
    const before = halfDayOn();
    clock.advanceDays(1);
    expect((await running.t.request('POST', `/v1/users/adam/erasure`)).status).toBe(202);

    const deadline = Date.now() + 20_000;
    let adamThen: any;
    do {
      adamThen = (await asOf(id, before)).body.members.find((m: any) => m.userId === 'adam');
    } while (adamThen.email !== null && Date.now() < deadline && (await new Promise((r) => setTimeout(r, 50)), true));
    expect(adamThen).toMatchObject({ userId: 'adam', email: null, erased: ['email'], role: 'viewer' });
    expect((await asOf(id, before)).body.members.find((m: any) => m.userId === 'olivia')).not.toHaveProperty('erased');
    const listed = (await running.t.request('GET', `/v1/companies/${id}/members?asOf=${encodeURIComponent(before)}`)).body.items;
    expect(listed.find((m: any) => m.userId === 'adam')).toMatchObject({ email: null, erased: ['email'] });
  });
});

/** The state right after an event, by its revision: what an instant cannot tell apart when events share one. */
describe('State right after an event', () => {
  // A clock that stands still: every event of the test occurs in the same millisecond.
  const instant = new Date();
  const olivia = person('olivia', 'olivia@acme.example');
  let t: TestApp;
  beforeEach(async () => { t = await TestApp.start(undefined, {}, { clock: { now: () => new Date(instant) } }); });
  afterEach(async () => t?.stop());

  it('given changes made in one instant, when staff read the state right after each event by its revision, then each is told apart, where the instant shows only the last', async () => {
    const id = await companyWithOwner(t, olivia, { name: 'Acme' });
    await t.request('PATCH', `/v1/companies/${id}`, { name: 'Acme Renamed' });
    await t.request('POST', `/v1/companies/${id}/activate`);
    const history = (await t.request('GET', `/v1/companies/${id}/events`)).body.items;
    const revisionOf = (type: string): number => history.find((item: { type: string }) => item.type === type).revision;
    const atRevision = (revision: number | string) => t.request('GET', `/v1/audit/companies/${id}/revisions/${revision}`);
    const at = instant.toISOString();

    const renamed = await atRevision(revisionOf('CompanyDetailsChanged'));
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ asOf: at, revision: revisionOf('CompanyDetailsChanged'), company: { name: 'Acme Renamed', active: false } });
    expect((await atRevision(revisionOf('CompanyCreated'))).body.company).toMatchObject({ name: 'Acme', active: false });
    expect((await t.request('GET', `/v1/audit/companies/${id}?asOf=${encodeURIComponent(at)}`)).body.company)
      .toMatchObject({ name: 'Acme Renamed', active: true });

    const past = await atRevision(revisionOf('CompanyActivated') + 1);
    expect(past.status).toBe(404);
    expect(past.body.code).toBe('company.revision_not_found');
    for (const notARevision of ['-1', '1.5', 'x', '1e1', '0x7', '0b11', '+7', '7.0', '%207', '7%20', '0.7e1']) {
      const refused = await atRevision(notARevision);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'revision' })]);
    }
    expect((await t.request('GET', `/v1/audit/companies/${id}/revisions/0`, undefined, olivia.caller)).status).toBe(403);
  });
});
