import { companyWithOwner, link, person, staff, TestApp, type Caller, type Person, type Response } from './harness';

/**
 * The role matrix over HTTP: who may do what inside a company. Writes are decided by the domain,
 * reads check the same rule; anyone who is not an active member is told the company does not exist.
 */
describe('Who may act in a company over HTTP (role matrix)', () => {
  let t: TestApp;
  let companyA: string;
  let companyB: string;
  let serial = 0;

  const owner = person('olivia');
  const admin = person('adam');
  const employee = person('emma');
  const viewer = person('victor');
  const dormant = person('dora');
  const outsider = person('otto', 'otto@elsewhere.example');
  const ownerB = person('bob', 'bob@bravo.example');

  beforeAll(async () => {
    t = await TestApp.start();
    companyA = await companyWithOwner(t, owner, { name: 'Alpha' });
    for (const [who, role] of [[admin, 'admin'], [employee, 'employee'], [viewer, 'viewer'], [dormant, 'admin']] as const) {
      await link(t, companyA, who, role);
    }
    await t.request('POST', `/v1/companies/${companyA}/members/${dormant.userId}/deactivate`);
    companyB = await companyWithOwner(t, ownerB, { name: 'Bravo' });
  });
  afterAll(async () => t.stop());

  /** A fresh member to act on, so every cell starts from the same state. */
  const target = async (companyId: string): Promise<Person> => {
    const who = person(`target-${++serial}`);
    await link(t, companyId, who, 'employee');
    return who;
  };
  const settings = {
    notificationPreferences: { email: true, sms: false, webhook: true },
    currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{yyyy}-{seq}',
  };

  type Action = (companyId: string, caller: Caller) => Promise<Response>;
  const ACTIONS: Record<string, Action> = {
    'invite someone': (id, caller) =>
      t.request('POST', `/v1/companies/${id}/invitations`, { email: `invitee-${++serial}@acme.example`, role: 'viewer' }, caller),
    'change a role': async (id, caller) =>
      t.request('PATCH', `/v1/companies/${id}/members/${(await target(id)).userId}`, { role: 'viewer' }, caller),
    'remove a member': async (id, caller) =>
      t.request('DELETE', `/v1/companies/${id}/members/${(await target(id)).userId}`, undefined, caller),
    'deactivate a member': async (id, caller) =>
      t.request('POST', `/v1/companies/${id}/members/${(await target(id)).userId}/deactivate`, undefined, caller),
    'read the members': (id, caller) => t.request('GET', `/v1/companies/${id}/members`, undefined, caller),
    'read the invitations': (id, caller) => t.request('GET', `/v1/companies/${id}/invitations`, undefined, caller),
    'rotate the secret': (id, caller) => t.request('POST', `/v1/companies/${id}/secret`, undefined, caller),
    'change the settings': (id, caller) => t.request('PUT', `/v1/companies/${id}/settings`, settings, caller),
    'read the settings': (id, caller) => t.request('GET', `/v1/companies/${id}/settings`, undefined, caller),
  };

  const CALLERS: [string, () => Caller][] = [
    ['owner', () => owner.caller], ['admin', () => admin.caller], ['employee', () => employee.caller],
    ['viewer', () => viewer.caller], ['deactivated member', () => dormant.caller],
    ['non-member', () => outsider.caller], ['staff', () => staff()],
  ];
  // Expected status per caller, in CALLERS order.
  const MANAGE = (ok: number) => [ok, ok, 403, 403, 404, 404, ok];
  const MATRIX: [string, number[]][] = [
    ['invite someone', MANAGE(201)],
    ['change a role', MANAGE(200)],
    ['remove a member', MANAGE(204)],
    ['deactivate a member', MANAGE(200)],
    ['read the members', [200, 200, 200, 200, 404, 404, 200]],
    ['read the invitations', MANAGE(200)],
    ['rotate the secret', MANAGE(200)],
    ['change the settings', MANAGE(200)],
    ['read the settings', MANAGE(200)],
  ];
  const cells = MATRIX.flatMap(([action, statuses]) =>
    CALLERS.map(([who, caller], i) => [action, who, statuses[i], caller] as const));

  it.each(cells)('given a full team, when they %s as the %s, then the answer is %s', async (action, _who, status, caller) => {
    const res = await ACTIONS[action](companyA, caller());
    expect(res.status).toBe(status);
    if (status === 404) expect(res.body.code).toBe('company.not_found');
    if (status === 403) expect(res.body.code).toBe('company.permission_denied');
  });

  it.each(Object.keys(ACTIONS))('given an admin of company A, when they %s in company B, then B does not exist for them', async (action) => {
    const res = await ACTIONS[action](companyB, admin.caller);
    expect([res.status, res.body.code]).toEqual([404, 'company.not_found']);
  });

  it('given an employee, when they read the members, then they see every field of each member', async () => {
    const res = await t.request('GET', `/v1/companies/${companyA}/members?limit=5`, undefined, employee.caller);
    expect(res.body.items[0]).toEqual({
      userId: owner.userId, email: owner.email, role: 'owner', status: 'active',
      mfaEnabled: false, lastLoginAt: null, joinedAt: expect.any(String), revision: Number(JSON.parse(res.headers.etag as string)),
    });
    expect(res.body.items.find((m: { userId: string }) => m.userId === dormant.userId)).toMatchObject({ status: 'deactivated' });
    expect(res.body.nextCursor).toEqual(expect.any(String));
    expect(res.headers.etag).toMatch(/^"\d+"$/);
  });

  it('given an employee, when they act on their own account, then password reset, sign-in and MFA are theirs to do', async () => {
    const base = `/v1/companies/${companyA}/members/${employee.userId}`;
    const reset = await t.request('POST', `${base}/password-reset`, undefined, employee.caller);
    expect(reset.status).toBe(202);
    const signIn = await t.request('POST', `${base}/sign-ins`, undefined, employee.caller);
    expect(signIn.body.lastLoginAt).toEqual(expect.any(String));
    const mfa = await t.request('PUT', `${base}/mfa`, { enabled: true }, employee.caller);
    expect(mfa.body).toMatchObject({ userId: employee.userId, mfaEnabled: true });
  });

  it('given an employee, when they act on another member\'s account, then password reset, sign-in and MFA are refused, and nothing changes', async () => {
    const other = `/v1/companies/${companyA}/members/${viewer.userId}`;
    const refusals = [
      await t.request('POST', `${other}/password-reset`, undefined, employee.caller),
      await t.request('POST', `${other}/sign-ins`, undefined, employee.caller),
      await t.request('PUT', `${other}/mfa`, { enabled: true }, employee.caller),
    ];
    expect(refusals.map((res) => [res.status, res.body.code])).toEqual(Array(3).fill([403, 'company.permission_denied']));
    const members = await t.request('GET', `/v1/companies/${companyA}/members?limit=50`, undefined, staff());
    expect(members.body.items.find((m: { userId: string }) => m.userId === viewer.userId)).toMatchObject({ mfaEnabled: false, lastLoginAt: null });
  });

  it('given a non-staff member, when they link a user or use a company-management route, then 403', async () => {
    const linkRes = await t.request('POST', `/v1/companies/${companyA}/members`,
      { userId: 'someone', email: 'someone@acme.example', role: 'viewer' }, owner.caller);
    expect([linkRes.status, linkRes.body.code]).toEqual([403, 'company.permission_denied']);
    const manage = await t.request('POST', `/v1/companies/${companyA}/deactivate`, undefined, owner.caller);
    expect([manage.status, manage.body.code]).toEqual([403, 'auth.staff_only']);
  });
});
