import { companyWithOwner, link, newCompany, person, staff, TestApp } from './harness';

describe('The one owner of a company over HTTP', () => {
  let t: TestApp;
  let id: string;
  const owner = person('olivia');
  const admin = person('adam');
  const emma = person('emma');
  beforeEach(async () => {
    t = await TestApp.start();
    id = await companyWithOwner(t, owner);
    await link(t, id, admin, 'admin');
    await link(t, id, emma, 'employee');
  });
  afterEach(async () => t.stop());

  const owners = async () => {
    const res = await t.request('GET', `/v1/companies/${id}/members`);
    return res.body.items.filter((m: { role: string }) => m.role === 'owner').map((m: { userId: string }) => m.userId);
  };
  const transfer = (toUserId: string, caller = owner.caller) =>
    t.request('POST', `/v1/companies/${id}/ownership-transfer`, { toUserId }, caller);

  it('given an owner, when a second owner is invited or linked, then 409: a company has exactly one', async () => {
    const invite = await t.request('POST', `/v1/companies/${id}/invitations`, { email: 'new@acme.example', role: 'owner' }, staff());
    expect([invite.status, invite.body.code]).toEqual([409, 'team.owner_exists']);
    const linked = await t.request('POST', `/v1/companies/${id}/members`, { userId: 'u2', email: 'u2@acme.example', role: 'owner' });
    expect([linked.status, linked.body.code]).toEqual([409, 'team.owner_exists']);
    const promoted = await t.request('PATCH', `/v1/companies/${id}/members/${admin.userId}`, { role: 'owner' }, owner.caller);
    expect([promoted.status, promoted.body.code]).toEqual([409, 'member.owner_via_transfer']);
    expect(await owners()).toEqual([owner.userId]);
  });

  it('given an owner, when they transfer ownership, then the new owner is the only one and the old one is an admin', async () => {
    const res = await transfer(emma.userId);
    expect(res.status).toBe(200);
    expect(res.body.owner).toMatchObject({ userId: emma.userId, role: 'owner' });
    // The member in the one shape every member answer has: its revision, the ETag's, in it.
    expect(res.body.owner.revision).toBe(Number(String(res.headers.etag).replace(/\D/g, '')));
    expect(res.body.owner.revision).toBe(res.body.revision);
    expect(await owners()).toEqual([emma.userId]);
    const me = await t.request('GET', '/v1/me/companies', undefined, owner.caller);
    expect(me.body.items).toEqual([expect.objectContaining({ id, role: 'admin' })]);
    // Now an admin, the old owner may not give it away again.
    expect((await transfer(admin.userId)).status).toBe(403);
  });

  it('given an admin, when they transfer ownership, then 403: only the owner hands it over', async () => {
    const res = await transfer(admin.userId, admin.caller);
    expect([res.status, res.body.code]).toEqual([403, 'company.permission_denied']);
    expect(await owners()).toEqual([owner.userId]);
  });

  it.each([
    ['remove', 'DELETE', '', undefined],
    ['demote', 'PATCH', '', { role: 'employee' }],
    ['deactivate', 'POST', '/deactivate', undefined],
    ['reactivate', 'POST', '/reactivate', undefined],
    ['request a password reset for', 'POST', '/password-reset', undefined],
    ['switch MFA of', 'PUT', '/mfa', { enabled: true }],
  ] as const)('given an admin, when they %s the owner, then 403 and the owner stays', async (_what, method, suffix, body) => {
    const before = (await t.request('GET', `/v1/companies/${id}`)).headers.etag;
    const res = await t.request(method, `/v1/companies/${id}/members/${owner.userId}${suffix}`, body, admin.caller);
    expect([res.status, res.body.code]).toEqual([403, 'team.owner_protected']);
    expect((await t.request('GET', `/v1/companies/${id}`)).headers.etag).toBe(before);
    const members = await t.request('GET', `/v1/companies/${id}/members`);
    expect(members.body.items.find((m: { userId: string }) => m.userId === owner.userId)).toMatchObject({ role: 'owner', status: 'active' });
  });

  it('given the owner, when they try to remove themself, then 409: ownership must move first', async () => {
    const res = await t.request('DELETE', `/v1/companies/${id}/members/${owner.userId}`, undefined, owner.caller);
    expect([res.status, res.body.code, res.body.detail]).toEqual([409, 'team.owner_required', 'The owner cannot leave; transfer ownership first']);
  });

  it.each([
    ['deactivate', 'POST', '/deactivate', 'The owner cannot be deactivated; transfer ownership first'],
    ['remove', 'DELETE', '', 'The owner cannot be removed; transfer ownership first'],
  ] as const)('given an owner, when staff %s them, then 409 until ownership has moved, and then the former owner goes', async (_what, method, suffix, detail) => {
    const res = await t.request(method, `/v1/companies/${id}/members/${owner.userId}${suffix}`, undefined, staff());
    expect([res.status, res.body.code, res.body.detail]).toEqual([409, 'team.owner_required', detail]);
    expect((await t.request('GET', `/v1/companies/${id}/members`)).body.items
      .find((m: { userId: string }) => m.userId === owner.userId)).toMatchObject({ role: 'owner', status: 'active' });

    expect((await transfer(emma.userId, staff())).status).toBe(200);
    expect((await t.request(method, `/v1/companies/${id}/members/${owner.userId}${suffix}`, undefined, staff())).status).toBeLessThan(300);
    expect(await owners()).toEqual([emma.userId]);
  });

  it('given two simultaneous transfers to two different members, then exactly one succeeds and one owner remains', async () => {
    const answers = await Promise.all([transfer(admin.userId), transfer(emma.userId)]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const winner = answers.find((r) => r.status === 200)!.body.owner.userId;
    expect(await owners()).toEqual([winner]);
    const company = await t.request('GET', `/v1/companies/${id}`);
    expect(company.body.ownerUserId).toBe(winner);
  });

  it('given a company without an owner, when staff transfer ownership to a member, then that member is its first owner and nobody is demoted', async () => {
    const ownerless = (await t.request('POST', '/v1/companies', newCompany({ name: 'Ownerless' }))).body.id as string;
    await link(t, ownerless, admin, 'admin');
    await link(t, ownerless, emma, 'employee');
    const byAdmin = await t.request('POST', `/v1/companies/${ownerless}/ownership-transfer`, { toUserId: emma.userId }, admin.caller);
    expect(byAdmin.status).toBe(403);

    const res = await t.request('POST', `/v1/companies/${ownerless}/ownership-transfer`, { toUserId: emma.userId });

    expect([res.status, res.body.owner]).toEqual([200, expect.objectContaining({ userId: emma.userId, role: 'owner' })]);
    const members = (await t.request('GET', `/v1/companies/${ownerless}/members`)).body.items.map((m: { userId: string; role: string }) => [m.userId, m.role]);
    expect(members.sort()).toEqual([[admin.userId, 'admin'], [emma.userId, 'owner']]);
    expect((await t.request('GET', `/v1/companies/${ownerless}`)).body.ownerUserId).toBe(emma.userId);
  });
});
