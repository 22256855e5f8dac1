import { companyWithOwner, link, newCompany, person, staff, TestApp, testClock, userToken } from './harness';

describe('Invitations over HTTP', () => {
  let t: TestApp;
  let clock: ReturnType<typeof testClock>;
  beforeEach(async () => { clock = testClock(); t = await TestApp.start(undefined, {}, { clock }); });
  afterEach(async () => t.stop());

  const owner = person('user-olivia', 'olivia@acme.example');
  const nina = person('user-nina', 'nina@acme.example');
  const invite = (companyId: string, body: object, caller = owner.caller) =>
    t.request('POST', `/v1/companies/${companyId}/invitations`, body, caller);
  const pending = async (companyId: string) =>
    (await t.request('GET', `/v1/companies/${companyId}/invitations`, undefined, owner.caller)).body.items;

  it('given the OpenAPI document, then an invitation declares its revision, as every answer carries it', async () => {
    const schema = (await t.request('GET', '/docs-json', undefined, {})).body.components.schemas.Invitation;

    expect(schema.properties.revision).toMatchObject({ type: 'integer', minimum: 0 });
    expect(schema.required).toContain('revision');
  });

  it('given staff creating a company with ownerEmail, then the owner invitation comes back and accepting it makes them owner', async () => {
    const created = await t.request('POST', '/v1/companies', newCompany({ ownerEmail: 'Olivia@ACME.example' }));
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"2"');
    expect(created.body.ownerInvitation).toMatchObject({ email: 'olivia@acme.example', role: 'owner', expiresAt: expect.any(String) });

    const accepted = await t.request('POST', `/v1/invitations/${created.body.ownerInvitation.id}/accept`, undefined, owner.caller);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ companyId: created.body.id, userId: owner.userId, role: 'owner', status: 'active', revision: 4 });
    expect(accepted.headers.etag).toBe('"4"');
  });

  it('given an owner, when they invite, resend and cancel, then the pending list follows each step', async () => {
    const id = await companyWithOwner(t, owner);
    const sent = await invite(id, { email: 'nina@acme.example', role: 'employee' });
    expect(sent.status).toBe(201);
    expect(sent.headers.location).toBe(`/v1/companies/${id}/invitations/${sent.body.id}`);
    expect(sent.body).toMatchObject({ email: 'nina@acme.example', role: 'employee', status: 'sent' });
    // A list item has the shape of the invite's answer, revision included.
    expect(await pending(id)).toEqual([sent.body]);

    clock.advanceDays(10);
    const resent = await t.request('POST', `/v1/companies/${id}/invitations/${sent.body.id}/resend`, undefined, owner.caller);
    expect(resent.status).toBe(200);
    expect(Date.parse(resent.body.expiresAt)).toBeGreaterThan(Date.parse(sent.body.expiresAt));
    // So has a read of one, with that revision as its ETag.
    const afterResend = await t.request('GET', `/v1/companies/${id}/invitations/${sent.body.id}`, undefined, owner.caller);
    expect(afterResend.body).toEqual(resent.body);
    expect(afterResend.headers.etag).toBe(`"${resent.body.revision}"`);

    const cancelled = await t.request('DELETE', `/v1/companies/${id}/invitations/${sent.body.id}`, undefined, owner.caller);
    expect(cancelled.status).toBe(204);
    expect(await pending(id)).toEqual([]);
    const read = await t.request('GET', `/v1/companies/${id}/invitations/${sent.body.id}`, undefined, owner.caller);
    expect(read.body.status).toBe('cancelled');
    // Like every read of the company's current state, it carries the company's revision.
    expect(read.headers.etag).toBe((await t.request('GET', `/v1/companies/${id}`)).headers.etag);
    expect(read.headers.etag).toMatch(/^"\d+"$/);
    const accept = await t.request('POST', `/v1/invitations/${sent.body.id}/accept`, undefined, nina.caller);
    expect([accept.status, accept.body.code]).toEqual([409, 'invitation.cancelled']);
  });

  it('given an invitation the owner sent, when an admin resends it, then it names the admin as who sent it last (sentBy, with sentAt) and the owner as who invited', async () => {
    const id = await companyWithOwner(t, owner);
    const adam = person('user-adam', 'adam@acme.example');
    await link(t, id, adam, 'admin');
    const sent = await invite(id, { email: nina.email, role: 'viewer' });
    expect(sent.body).toMatchObject({ invitedBy: owner.userId, sentBy: owner.userId });
    clock.advanceDays(2);

    const resent = await t.request('POST', `/v1/companies/${id}/invitations/${sent.body.id}/resend`, undefined, adam.caller);

    expect(resent.body).toMatchObject({ invitedBy: owner.userId, sentBy: adam.userId });
    expect(Date.parse(resent.body.sentAt)).toBeGreaterThan(Date.parse(sent.body.sentAt));
    expect((await pending(id))[0]).toMatchObject({ invitedBy: owner.userId, sentBy: adam.userId, sentAt: resent.body.sentAt });
    const mine = (await t.request('GET', '/v1/me/invitations', undefined, nina.caller)).body.items;
    expect(mine).toEqual([expect.objectContaining({ invitedBy: owner.userId, sentBy: adam.userId, sentAt: resent.body.sentAt })]);
  });

  it('given a pending invitation, when the invitee accepts with their email in another case, then they are a member', async () => {
    const id = await companyWithOwner(t, owner);
    const sent = await invite(id, { email: 'Nina@Acme.example', role: 'viewer' });
    const caller = { token: userToken(nina.userId, 'NINA@acme.EXAMPLE') };
    const accepted = await t.request('POST', `/v1/invitations/${sent.body.id}/accept`, undefined, caller);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ userId: nina.userId, email: 'nina@acme.example', role: 'viewer' });
    const members = await t.request('GET', `/v1/companies/${id}/members`, undefined, nina.caller);
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual([owner.userId, nina.userId]);
    expect(await pending(id)).toEqual([]);
  });

  it('given a pending invitation, when someone with another email accepts, then 403 and nothing changes', async () => {
    const id = await companyWithOwner(t, owner);
    const sent = await invite(id, { email: nina.email, role: 'viewer' });
    const res = await t.request('POST', `/v1/invitations/${sent.body.id}/accept`, undefined, person('user-otto', 'otto@x.example').caller);
    expect([res.status, res.body.code]).toEqual([403, 'invitation.email_mismatch']);
    expect(await pending(id)).toHaveLength(1);
  });

  it('given a pending invitation, when the invitee declines, then it is declined and can no longer be accepted', async () => {
    const id = await companyWithOwner(t, owner);
    const sent = await invite(id, { email: nina.email, role: 'viewer' });
    const declined = await t.request('POST', `/v1/invitations/${sent.body.id}/decline`, undefined, nina.caller);
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ companyId: id, id: sent.body.id, status: 'declined' });
    const accept = await t.request('POST', `/v1/invitations/${sent.body.id}/accept`, undefined, nina.caller);
    expect([accept.status, accept.body.code]).toEqual([409, 'invitation.already_declined']);
  });

  it('given a member or a pending invitation for an email, when invited again, then 409 says which', async () => {
    const id = await companyWithOwner(t, owner);
    await link(t, id, nina, 'employee');
    const member = await invite(id, { email: 'NINA@acme.example', role: 'viewer' });
    expect([member.status, member.body.code]).toEqual([409, 'team.already_member']);

    await invite(id, { email: 'paul@acme.example', role: 'viewer' });
    const again = await invite(id, { email: 'paul@acme.example', role: 'employee' });
    expect([again.status, again.body.code]).toEqual([409, 'invitation.already_pending']);
  });

  it('given an invitation 31 days old, then it reads expired without any job, is not pending and cannot be accepted', async () => {
    const id = await companyWithOwner(t, owner);
    const sent = await invite(id, { email: nina.email, role: 'viewer' });
    clock.advanceDays(31);
    expect(await pending(id)).toEqual([]);
    const read = await t.request('GET', `/v1/companies/${id}/invitations/${sent.body.id}`, undefined, owner.caller);
    expect(read.body.status).toBe('expired');
    const accept = await t.request('POST', `/v1/invitations/${sent.body.id}/accept`, undefined, nina.caller);
    expect([accept.status, accept.body.code]).toEqual([409, 'invitation.expired']);
    // Refused before any place was taken: the user can still join elsewhere up to the full limit.
    const me = await t.request('GET', '/v1/me/companies', undefined, nina.caller);
    expect(me.body.items).toEqual([]);

    const resent = await t.request('POST', `/v1/companies/${id}/invitations/${sent.body.id}/resend`, undefined, owner.caller);
    expect(resent.body.status).toBe('sent');
    expect((await t.request('POST', `/v1/invitations/${sent.body.id}/accept`, undefined, nina.caller)).status).toBe(200);
  });

  it('given an expired invitation, when an admin cancels it, then 204 and it reads cancelled; resent afterwards, 409 invitation.cancelled', async () => {
    const id = await companyWithOwner(t, owner);
    const sent = await invite(id, { email: nina.email, role: 'viewer' });
    clock.advanceDays(31);
    const url = `/v1/companies/${id}/invitations/${sent.body.id}`;

    const cancelled = await t.request('DELETE', url, undefined, owner.caller);

    expect(cancelled.status).toBe(204);
    expect((await t.request('GET', url, undefined, owner.caller)).body.status).toBe('cancelled');
    const resent = await t.request('POST', `${url}/resend`, undefined, owner.caller);
    expect([resent.status, resent.body.code]).toEqual([409, 'invitation.cancelled']);
  });

  it('given bad input or an unknown invitation, then 400 names the fields and 404 says not found', async () => {
    const id = await companyWithOwner(t, owner);
    const bad = await invite(id, { email: 'not-an-email', role: 'boss' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'role']);
    const unknown = await t.request('POST', '/v1/invitations/nope/accept', undefined, nina.caller);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'invitation.not_found']);
  });

  it('given a stale If-Match, when inviting, then 412 and nothing is sent', async () => {
    const id = await companyWithOwner(t, owner);
    const res = await invite(id, { email: nina.email, role: 'viewer' }, { ...owner.caller, headers: { 'if-match': '"1"' } });
    expect(res.status).toBe(412);
    expect(await pending(id)).toEqual([]);
  });

  it('given an Idempotency-Key, when an invitation is repeated, then one invitation exists', async () => {
    const id = await companyWithOwner(t, owner);
    const caller = { ...owner.caller, headers: { 'idempotency-key': 'invite-nina' } };
    const first = await invite(id, { email: nina.email, role: 'viewer' }, caller);
    const second = await invite(id, { email: nina.email, role: 'viewer' }, caller);
    expect(second.body).toEqual(first.body);
    expect(await pending(id)).toHaveLength(1);
  });

  it('given staff, when inviting an owner into a company that has one, then 409', async () => {
    const id = await companyWithOwner(t, owner);
    const res = await t.request('POST', `/v1/companies/${id}/invitations`, { email: 'new@acme.example', role: 'owner' }, staff());
    expect([res.status, res.body.code]).toEqual([409, 'team.owner_exists']);
  });

  it('given invitations pending, accepted, declined and expired, when listing by status, then each shows as such, with who sent it', async () => {
    // The owner joined by an accepted invitation too, sent before the others: it expires first.
    const id = await companyWithOwner(t, owner);
    const old = await invite(id, { email: 'old@acme.example', role: 'viewer' });
    clock.advanceDays(31);
    const sent = [];
    for (const name of ['nina', 'dan', 'pat']) sent.push(await invite(id, { email: `${name}@acme.example`, role: 'employee' }));
    const [accepted, declined, open] = sent;
    await t.request('POST', `/v1/invitations/${accepted.body.id}/accept`, undefined, nina.caller);
    await t.request('POST', `/v1/invitations/${declined.body.id}/decline`, undefined, person('user-dan', 'dan@acme.example').caller);
    const list = async (query: string) => (await t.request('GET', `/v1/companies/${id}/invitations${query}`, undefined, owner.caller)).body.items
      .map((i: { email: string; status: string }) => [i.email, i.status]);

    expect(await list('')).toEqual([['pat@acme.example', 'sent']]);
    expect(await list('?status=declined')).toEqual([['dan@acme.example', 'declined']]);
    expect(await list('?status=expired')).toEqual([['old@acme.example', 'expired']]);
    expect(await list('?status=accepted&status=expired')).toEqual([
      ['nina@acme.example', 'accepted'], ['old@acme.example', 'expired'], ['olivia@acme.example', 'accepted'],
    ]);
    expect(new Set(await list('?status=sent&status=accepted&status=declined&status=expired'))).toEqual(new Set([
      ['pat@acme.example', 'sent'], ['nina@acme.example', 'accepted'], ['dan@acme.example', 'declined'], ['old@acme.example', 'expired'],
      ['olivia@acme.example', 'accepted'],
    ]));
    const item = (await t.request('GET', `/v1/companies/${id}/invitations?status=declined`, undefined, owner.caller)).body.items[0];
    expect(item).toMatchObject({ id: declined.body.id, invitedBy: owner.userId });
    expect(Date.parse(item.answeredAt)).toBeGreaterThan(Date.parse(declined.body.sentAt));
    expect(old.body.invitedBy).toBe(owner.userId);
    expect(open.body.answeredAt).toBeNull();
  });

  it('given expired invitations over several pages, when listing expired ones, then every one comes once and no pending one', async () => {
    const id = await companyWithOwner(t, owner);
    for (const name of ['a', 'b', 'c']) await invite(id, { email: `${name}@acme.example`, role: 'viewer' });
    clock.advanceDays(31);
    await invite(id, { email: 'fresh@acme.example', role: 'viewer' });
    const seen: string[] = [];
    let url = `/v1/companies/${id}/invitations?status=expired&limit=2`;
    for (;;) {
      const page = (await t.request('GET', url, undefined, owner.caller)).body;
      seen.push(...page.items.map((i: { email: string }) => i.email));
      if (!page.nextCursor) break;
      url = `/v1/companies/${id}/invitations?status=expired&limit=2&cursor=${page.nextCursor}`;
    }
    expect(seen.sort()).toEqual(['a@acme.example', 'b@acme.example', 'c@acme.example']);
  });

  it('given cancelled invitations, one cancelled after it expired, when listing status=cancelled, then both come, newest expiry first; the default list stays pending only', async () => {
    const id = await companyWithOwner(t, owner);
    const early = await invite(id, { email: 'early@acme.example', role: 'viewer' });
    clock.advanceDays(31);
    const late = await invite(id, { email: 'late@acme.example', role: 'viewer' });
    const open = await invite(id, { email: 'open@acme.example', role: 'viewer' });
    for (const sent of [early, late]) await t.request('DELETE', `/v1/companies/${id}/invitations/${sent.body.id}`, undefined, owner.caller);
    const list = async (query: string) => (await t.request('GET', `/v1/companies/${id}/invitations${query}`, undefined, owner.caller)).body
      .items.map((i: { email: string; status: string }) => [i.email, i.status]);

    expect(await list('?status=cancelled')).toEqual([['late@acme.example', 'cancelled'], ['early@acme.example', 'cancelled']]);
    expect(await list('')).toEqual([['open@acme.example', 'sent']]);
    expect(await list('?status=sent&status=cancelled')).toEqual([
      ['open@acme.example', 'sent'], ['late@acme.example', 'cancelled'], ['early@acme.example', 'cancelled'],
    ]);
    expect(open.body.status).toBe('sent');
  });

  it('given a status the list does not know, then 400 names the field', async () => {
    const id = await companyWithOwner(t, owner);
    const res = await t.request('GET', `/v1/companies/${id}/invitations?status=sent&status=lost`, undefined, owner.caller);
    expect([res.status, res.body.code]).toEqual([400, 'request.invalid']);
  });
});
