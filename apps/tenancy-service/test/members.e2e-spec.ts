import { companyWithOwner, link, newCompany, person, staff, TestApp, userToken } from './harness';

describe('Members over HTTP', () => {
  let t: TestApp;
  let id: string;
  const owner = person('olivia');
  const emma = person('emma');
  beforeEach(async () => {
    t = await TestApp.start();
    id = await companyWithOwner(t, owner);
  });
  afterEach(async () => t.stop());

  const company = async () => (await t.request('GET', `/v1/companies/${id}`)).body;
  const listed = async () => (await t.request('GET', '/v1/companies')).body.items.find((c: { id: string }) => c.id === id);
  const member = (userId: string, suffix = '') => `/v1/companies/${id}/members/${userId}${suffix}`;

  describe('one person, one id, however their token spells it', () => {
    const decomposed = 'zoe\u0308'; // zoë as e and a combining diaeresis; paths and bodies say it in NFC
    const zoe = { userId: decomposed, email: 'zoe@acme.example', caller: { token: userToken(decomposed, 'zoe@acme.example') } };

    it('given a token whose sub is decomposed, when they accept an invitation, then the member is the NFC id, which every path names either way', async () => {
      const invited = await t.request('POST', `/v1/companies/${id}/invitations`, { email: zoe.email, role: 'employee' }, owner.caller);
      expect((await t.request('POST', `/v1/invitations/${invited.body.id}/accept`, undefined, zoe.caller)).status).toBe(200);

      const ids = (await t.request('GET', `/v1/companies/${id}/members`)).body.items.map((m: { userId: string }) => m.userId);
      expect(ids).toContain('zo\u00eb');
      expect(ids).not.toContain(decomposed);
      expect((await t.request('PATCH', member('zo%C3%AB'), { role: 'viewer' }, owner.caller)).status).toBe(200);
      expect((await t.request('GET', '/v1/me/companies', undefined, zoe.caller)).body.items).toEqual([expect.objectContaining({ id, role: 'viewer' })]);
      expect((await t.request('POST', member('zoe%CC%88', '/deactivate'), undefined, owner.caller)).status).toBe(200);
      expect((await t.request('POST', '/v1/users/zoe%CC%88/erasure')).status).toBe(202);
      expect((await t.request('DELETE', member('zo%C3%AB'), undefined, owner.caller)).status).toBe(204);
    });

    it('given staff link a user by a decomposed id, when that user signs in with a decomposed or composed sub, then they see their company', async () => {
      const res = await t.request('POST', `/v1/companies/${id}/members`, { userId: 'jose\u0301', email: 'jose@acme.example', role: 'employee' });
      expect([res.status, res.body.userId]).toEqual([201, 'jos\u00e9']);
      for (const sub of ['jose\u0301', 'jos\u00e9']) {
        const mine = await t.request('GET', '/v1/me/companies', undefined, { token: userToken(sub) });
        expect(mine.body.items).toEqual([expect.objectContaining({ id, role: 'employee' })]);
      }
      expect((await t.request('GET', '/v1/me', undefined, { token: userToken('jose\u0301') })).body.userId).toBe('jos\u00e9');
    });
  });

  it('given staff, when they link a user, then 201 with the member, its location and the new revision', async () => {
    const res = await t.request('POST', `/v1/companies/${id}/members`, { userId: emma.userId, email: 'Emma@Acme.example', role: 'employee' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(member(emma.userId));
    expect(res.body).toEqual({
      userId: emma.userId, email: 'emma@acme.example', role: 'employee', status: 'active', mfaEnabled: false,
      lastLoginAt: null, joinedAt: expect.any(String), revision: 5,
    });
    expect(res.headers.etag).toBe('"5"');
    // The list answers each member in that shape, revision included (the company's, its ETag).
    const list = await t.request('GET', `/v1/companies/${id}/members`);
    expect(list.body.items).toEqual([expect.objectContaining({ userId: owner.userId, revision: 5 }), res.body]);
    expect(list.headers.etag).toBe('"5"');
    const again = await t.request('POST', `/v1/companies/${id}/members`, { userId: emma.userId, email: emma.email, role: 'viewer' });
    expect([again.status, again.body.code]).toEqual([409, 'team.already_member']);
  });

  it('given a member, when staff link another user with that member\'s email, then 409 team.email_taken says the email is the conflict', async () => {
    await link(t, id, emma, 'employee');

    const res = await t.request('POST', `/v1/companies/${id}/members`, { userId: 'user-u9', email: 'EMMA@acme.example', role: 'viewer' });

    expect([res.status, res.body.code, res.body.detail]).toEqual([409, 'team.email_taken', 'Another member of the company already has this email address']);
    expect((await t.request('GET', `/v1/companies/${id}/members`)).body.items.map((m: { userId: string }) => m.userId)).toEqual([owner.userId, emma.userId]);
  });

  it('given a member, when staff take them out, then it is an unlink; when the owner does, a removal', async () => {
    const kim = person('kim');
    await link(t, id, emma, 'employee');
    await link(t, id, kim, 'viewer');
    expect((await t.request('DELETE', member(emma.userId))).status).toBe(204);
    expect((await t.request('DELETE', member(kim.userId), undefined, owner.caller)).status).toBe(204);
    const types = (await t.request('GET', `/v1/companies/${id}/events`)).body.items.map((e: { type: string }) => e.type);
    expect(types.slice(-2)).toEqual(['UserUnlinked', 'MemberRemoved']);
    expect((await t.request('GET', `/v1/companies/${id}/members`)).body.items.map((m: { userId: string }) => m.userId)).toEqual([owner.userId]);
  });

  it('given an employee and a viewer, when each removes themself, then they leave (204) and the company leaves their list; the owner cannot (409)', async () => {
    const vic = person('vic');
    await link(t, id, emma, 'employee');
    await link(t, id, vic, 'viewer');

    for (const who of [emma, vic]) {
      const left = await t.request('DELETE', member(who.userId), undefined, who.caller);
      expect(left.status).toBe(204);
      expect((await t.request('GET', '/v1/me/companies', undefined, who.caller)).body.items).toEqual([]);
    }
    const owners = await t.request('DELETE', member(owner.userId), undefined, owner.caller);

    expect([owners.status, owners.body.code]).toEqual([409, 'team.owner_required']);
    const events = (await t.request('GET', `/v1/companies/${id}/events`)).body.items.slice(-2);
    expect(events.map((e: { type: string; actor: { userId: string } }) => [e.type, e.actor.userId]))
      .toEqual([['MemberRemoved', emma.userId], ['MemberRemoved', vic.userId]]);
  });

  it('given an employee, when they remove another member, then 403 and the member stays', async () => {
    const vic = person('vic');
    await link(t, id, emma, 'employee');
    await link(t, id, vic, 'viewer');

    const res = await t.request('DELETE', member(vic.userId), undefined, emma.caller);

    expect([res.status, res.body.code]).toEqual([403, 'company.permission_denied']);
    expect((await t.request('GET', '/v1/me/companies', undefined, vic.caller)).body.items).toHaveLength(1);
  });

  it('given members coming and going, then userCount counts the active ones and lastActivityAt follows every event', async () => {
    expect(await listed()).toMatchObject({ userCount: 1 });
    await link(t, id, emma, 'employee');
    expect((await listed()).userCount).toBe(2);

    const before = (await company()).lastActivityAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await t.request('POST', member(emma.userId, '/deactivate'), undefined, owner.caller);
    expect(await listed()).toMatchObject({ userCount: 1 });
    expect((await company()).lastActivityAt > before).toBe(true);

    await t.request('POST', member(emma.userId, '/reactivate'), undefined, owner.caller);
    expect((await listed()).userCount).toBe(2);
    await t.request('POST', member(emma.userId, '/deactivate'), undefined, owner.caller);
    await t.request('DELETE', member(emma.userId), undefined, owner.caller);
    expect((await listed()).userCount).toBe(1); // removing a deactivated member changes no count
  });

  it('given the OpenAPI document, then a member declares its revision, which a list as of a past time leaves out', async () => {
    const { joinedAt: asOf } = (await t.request('GET', `/v1/companies/${id}/members`)).body.items[0];
    const schema = (await t.request('GET', '/docs-json', undefined, {})).body.components.schemas.Member;

    expect(schema.properties.revision).toMatchObject({ type: 'integer', minimum: 0 });
    const then = await t.request('GET', `/v1/companies/${id}/members?asOf=${encodeURIComponent(asOf)}`);
    expect(then.status).toBe(200);
    expect(then.body.items).toEqual([expect.not.objectContaining({ revision: expect.anything() })]);
  });

  it('given a member, when the owner changes their role, then the member shows it and the ETag moves', async () => {
    await link(t, id, emma, 'employee');
    const res = await t.request('PATCH', member(emma.userId), { role: 'admin' }, owner.caller);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'admin', revision: 6 });
    const bad = await t.request('PATCH', member(emma.userId), { role: 'boss' }, owner.caller);
    expect([bad.status, bad.body.errors]).toEqual([400, [{ field: 'role', message: expect.any(String) }]]);
  });

  it('given a stale If-Match, when a member command is sent, then 412 and nothing changes', async () => {
    await link(t, id, emma, 'employee');
    const res = await t.request('PATCH', member(emma.userId), { role: 'viewer' }, { ...owner.caller, headers: { 'if-match': '"2"' } });
    expect([res.status, res.body.code]).toEqual([412, 'request.stale_revision']);
    const ok = await t.request('PATCH', member(emma.userId), { role: 'viewer' }, { ...owner.caller, headers: { 'if-match': '"5"' } });
    expect(ok.status).toBe(200);
  });

  it('given a member, when deactivated, then they lose access (404) and the company leaves their list until reactivated', async () => {
    await link(t, id, emma, 'employee');
    expect((await t.request('GET', '/v1/me/companies', undefined, emma.caller)).body.items).toEqual([
      { id, name: 'Acme GmbH', active: false, role: 'employee', status: 'active', joinedAt: expect.any(String) },
    ]);
    await t.request('POST', member(emma.userId, '/deactivate'), undefined, owner.caller);
    const read = await t.request('GET', `/v1/companies/${id}/members`, undefined, emma.caller);
    expect([read.status, read.body.code]).toEqual([404, 'company.not_found']);
    expect((await t.request('GET', '/v1/me/companies', undefined, emma.caller)).body.items).toEqual([]);
    await t.request('POST', member(emma.userId, '/reactivate'), undefined, staff());
    expect((await t.request('GET', `/v1/companies/${id}/members`, undefined, emma.caller)).status).toBe(200);
  });

  it('given a member deactivated in one company, when they ask for their deactivated memberships, then that company is listed: its place counts toward their 30', async () => {
    const other = (await t.request('POST', '/v1/companies', newCompany({ name: 'Beta AG' }))).body.id;
    await link(t, id, emma, 'employee');
    await link(t, other, emma, 'viewer');
    await t.request('POST', member(emma.userId, '/deactivate'), undefined, owner.caller);
    const mine = (query = '') => t.request('GET', `/v1/me/companies${query}`, undefined, emma.caller);

    const deactivated = await mine('?status=deactivated');
    const both = await mine('?status=active&status=deactivated');

    expect(deactivated.body.items).toEqual([{ id, name: 'Acme GmbH', active: false, role: 'employee', status: 'deactivated', joinedAt: expect.any(String) }]);
    expect(both.body.items.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([['Acme GmbH', 'deactivated'], ['Beta AG', 'active']]);
    expect((await mine()).body.items.map((c: { name: string }) => c.name)).toEqual(['Beta AG']);
    const wrong = await mine('?status=removed');
    expect([wrong.status, wrong.body.code, wrong.body.errors[0].field]).toEqual([400, 'request.invalid', 'status']);
  });

  it('given a member, when the owner turns MFA on and off, records a sign-in and asks for a password reset, then each shows', async () => {
    await link(t, id, emma, 'employee');
    expect((await t.request('PUT', member(emma.userId, '/mfa'), { enabled: true }, owner.caller)).body.mfaEnabled).toBe(true);
    expect((await t.request('PUT', member(emma.userId, '/mfa'), { enabled: false }, owner.caller)).body.mfaEnabled).toBe(false);
    const badMfa = await t.request('PUT', member(emma.userId, '/mfa'), { enabled: 'yes' }, owner.caller);
    expect(badMfa.status).toBe(400);
    const signIn = await t.request('POST', member(emma.userId, '/sign-ins'), undefined, emma.caller);
    expect(signIn.body.lastLoginAt).toEqual(expect.any(String));
    const reset = await t.request('POST', member(emma.userId, '/password-reset'), undefined, owner.caller);
    expect(reset.status).toBe(202);
    expect(reset.headers.etag).toBe(`"${reset.body.revision}"`);
  });

  it('given an unknown member or company, then 404 names which', async () => {
    const unknownMember = await t.request('PATCH', member('nobody'), { role: 'viewer' }, owner.caller);
    expect([unknownMember.status, unknownMember.body.code]).toEqual([404, 'member.not_found']);
    const unknownCompany = await t.request('GET', '/v1/companies/00000000-0000-4000-8000-000000000000/members');
    expect([unknownCompany.status, unknownCompany.body.code]).toEqual([404, 'company.not_found']);
  });
});
