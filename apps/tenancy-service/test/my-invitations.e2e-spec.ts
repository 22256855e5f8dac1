import { randomUUID } from 'node:crypto';
import type { EventStore } from '@tenancy/event-store';
import { EVENT_STORE, signJwt } from '@tenancy/platform';
import { appPerTest, companyWithOwner, JWT_SECRET, newCompany, person, TEST_TOKEN_LIFETIME_S, userToken, type Caller, type TestApp } from './harness';

/** GET /v1/me/invitations: what an invited person can answer, wherever they were invited. */
describe('The invitations open to the signed-in person', () => {
  const running = appPerTest();
  const t = (): TestApp => running.t;

  const nina = person('user-nina', 'nina@people.example');
  const olivia = person('user-olivia', 'olivia@acme.example');

  /** A company staff created, with no owner yet (staff invite into it). */
  async function company(name: string): Promise<string> {
    const created = await t().request('POST', '/v1/companies', newCompany({ name }));
    if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
    return created.body.id;
  }
  async function invite(companyId: string, email: string, role = 'employee', caller?: Caller): Promise<{ id: string; sentAt: string; expiresAt: string }> {
    const sent = await t().request('POST', `/v1/companies/${companyId}/invitations`, { email, role }, caller);
    if (sent.status !== 201) throw new Error(`invite: ${sent.status} ${sent.text}`);
    return sent.body;
  }
  const open = (caller: Caller, query = '') => t().request('GET', `/v1/me/invitations${query}`, undefined, caller);
  const companiesOf = async (caller: Caller) => (await open(caller)).body.items.map((i: { companyName: string }) => i.companyName);

  it('given invitations at four companies, one cancelled and one expired, when the invitee lists theirs, then the two open ones come, soonest expiry first', async () => {
    const delta = await company('Delta');
    await invite(delta, nina.email);
    running.clock.advanceDays(20);
    const acme = await companyWithOwner(t(), olivia, { name: 'Acme' });
    const atAcme = await invite(acme, nina.email, 'admin', olivia.caller);
    running.clock.advanceSeconds(60);
    const beta = await company('Beta');
    const atBeta = await invite(beta, 'Nina@People.EXAMPLE', 'viewer');
    const gamma = await company('Gamma');
    const atGamma = await invite(gamma, nina.email);
    expect((await t().request('DELETE', `/v1/companies/${gamma}/invitations/${atGamma.id}`)).status).toBe(204);
    await invite(acme, 'otto@people.example', 'viewer', olivia.caller);
    running.clock.advanceDays(11); // Delta's is 31 days old: past its 30

    const listed = await open(nina.caller);

    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      items: [
        { id: atAcme.id, companyId: acme, companyName: 'Acme', role: 'admin', sentAt: atAcme.sentAt, sentBy: olivia.userId, expiresAt: atAcme.expiresAt, invitedBy: olivia.userId },
        { id: atBeta.id, companyId: beta, companyName: 'Beta', role: 'viewer', sentAt: atBeta.sentAt, sentBy: 'staff-1', expiresAt: atBeta.expiresAt, invitedBy: 'staff-1' },
      ],
      nextCursor: null,
    });
    // The email claim in any case, as answering takes it.
    expect(await companiesOf({ token: userToken(nina.userId, ' NINA@people.example ') })).toEqual(['Acme', 'Beta']);
    expect(await companiesOf(person('user-otto', 'otto@people.example').caller)).toEqual(['Acme']);
  });

  it('given a pending owner invitation, when staff link an owner, then 409 until it is cancelled, and then no invitation is offered', async () => {
    const created = await t().request('POST', '/v1/companies', newCompany({ name: 'Acme', ownerEmail: 'Owner@Example.com' }));
    const acme = created.body.id;
    const owner = person('own1', 'owner@example.com');
    const linkOwner = () => t().request('POST', `/v1/companies/${acme}/members`, { userId: owner.userId, email: 'own1@example.com', role: 'owner' });

    const refused = await linkOwner();

    expect([refused.status, refused.body.code]).toEqual([409, 'invitation.owner_pending']);
    expect(await companiesOf(owner.caller)).toEqual(['Acme']);
    const nina2 = await t().request('POST', `/v1/companies/${acme}/members`, { userId: nina.userId, email: 'Owner@example.COM', role: 'viewer' });
    expect([nina2.status, nina2.body.code]).toEqual([409, 'invitation.already_pending']);
    expect((await t().request('DELETE', `/v1/companies/${acme}/invitations/${created.body.ownerInvitation.id}`)).status).toBe(204);
    expect((await linkOwner()).status).toBe(201);
    expect(await companiesOf(owner.caller)).toEqual([]);
  });

  it('given an owner invitation left pending by an owner linked before that was refused, then it is not offered', async () => {
    const created = await t().request('POST', '/v1/companies', newCompany({ name: 'Acme', ownerEmail: 'owner@example.com' }));
    const acme = created.body.id;
    const store = t().app.get<EventStore>(EVENT_STORE);
    const stream = `company-${acme}`;
    const history = await store.readStream(stream);
    const { metadata, revision } = history[history.length - 1];
    await store.appendToStream(stream, [{ id: randomUUID(), type: 'UserLinked', metadata: { ...metadata, schemaVersion: 2 }, data: {
      companyId: acme, userId: 'own1', email: 'own1@example.com', role: 'owner', linkedBy: 'staff-1', linkedAt: metadata.occurredAt ?? created.body.createdAt, reservationId: 'join-own1',
    } }], revision);
    // Appended past the command path: the read models catch up in the background.
    for (let tries = 0; (await t().request('GET', `/v1/companies/${acme}`)).body.ownerUserId !== 'own1'; tries++) {
      if (tries > 200) throw new Error('the companies read model never saw the linked owner');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await t().request('GET', `/v1/companies/${acme}/invitations`)).body.items).toEqual([expect.objectContaining({ role: 'owner', status: 'sent' })]);

    expect(await companiesOf(person('someone', 'owner@example.com').caller)).toEqual([]);
  });

  it('given two open invitations, when the invitee accepts one and declines the other, then none is left to list', async () => {
    const acme = await company('Acme');
    const beta = await company('Beta');
    const atAcme = await invite(acme, nina.email);
    const atBeta = await invite(beta, nina.email);
    expect(await companiesOf(nina.caller)).toEqual(['Acme', 'Beta']);

    expect((await t().request('POST', `/v1/invitations/${atAcme.id}/accept`, undefined, nina.caller)).status).toBe(200);
    expect(await companiesOf(nina.caller)).toEqual(['Beta']);
    expect((await t().request('POST', `/v1/invitations/${atBeta.id}/decline`, undefined, nina.caller)).status).toBe(200);

    expect((await open(nina.caller)).body).toEqual({ items: [], nextCursor: null });
  });

  it('given an invitation at a company staff then delete, then only the other company\'s is listed', async () => {
    const kept = await company('Kept');
    const gone = await company('Gone');
    await invite(kept, nina.email);
    await invite(gone, nina.email);

    expect((await t().request('DELETE', `/v1/companies/${gone}`, { confirmName: 'Gone' })).status).toBe(204);

    expect(await companiesOf(nina.caller)).toEqual(['Kept']);
  });

  it('given three open invitations, when paging one at a time while the clock passes the second\'s expiry, then each page goes on from now and no expired one shows', async () => {
    for (const name of ['First', 'Second', 'Third']) {
      await invite(await company(name), nina.email);
      running.clock.advanceDays(2);
    }
    const first = await open(nina.caller, '?limit=1');
    expect([first.body.items.map((i: { companyName: string }) => i.companyName), typeof first.body.nextCursor]).toEqual([['First'], 'string']);

    running.clock.advanceDays(27); // 33, 31 and 29 days after each was sent: the first two are past their 30

    const next = await open(nina.caller, `?limit=1&cursor=${first.body.nextCursor}`);
    expect(next.body).toEqual({ items: [expect.objectContaining({ companyName: 'Third' })], nextCursor: null });
  });

  it('given a token without an email, then the list is empty; with an email the provider has not verified, then 403 as answering would be', async () => {
    await invite(await company('Acme'), nina.email);
    const exp = Math.floor(Date.now() / 1000) + TEST_TOKEN_LIFETIME_S;

    const none = await open({ token: userToken(nina.userId) });
    const unverified = await open({ token: signJwt({ sub: nina.userId, email: nina.email, email_verified: false, exp }, JWT_SECRET) });
    const verified = await open({ token: signJwt({ sub: nina.userId, email: nina.email, email_verified: true, exp }, JWT_SECRET) });

    expect([none.status, none.body]).toEqual([200, { items: [], nextCursor: null }]);
    expect([unverified.status, unverified.body.code]).toEqual([403, 'invitation.email_unverified']);
    expect(unverified.headers['content-type']).toContain('application/problem+json');
    expect(verified.body.items).toHaveLength(1);
  });

  it('given an invitee erased after accepting one invitation, then its email is gone and only the one never answered is listed, to their address alone', async () => {
    const acme = await company('Acme');
    const beta = await company('Beta');
    const answered = await invite(acme, nina.email);
    expect((await t().request('POST', `/v1/invitations/${answered.id}/accept`, undefined, nina.caller)).status).toBe(200);
    const pending = await invite(beta, nina.email);

    expect((await t().request('POST', `/v1/users/${nina.userId}/erasure`)).status).toBe(202);
    await until(async () => (await t().request('GET', `/v1/companies/${acme}/invitations/${answered.id}`)).body.email === null);

    // Nothing tied the unanswered one to the erased user (docs/personal-data.md): it goes with its company.
    expect((await open(nina.caller)).body.items.map((i: { id: string }) => i.id)).toEqual([pending.id]);
    expect((await open({ token: userToken('user-anyone') })).body.items).toEqual([]);
  });

  it('given a limit outside 1 to 200 or a cursor the service did not make, then 400 problems name the field', async () => {
    const tooMany = await open(nina.caller, '?limit=201');
    const madeUp = await open(nina.caller, '?cursor=not-a-cursor');
    const madeUpWithoutEmail = await open({ token: userToken('user-anyone') }, '?cursor=not-a-cursor');
    expect([tooMany.status, tooMany.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['limit']]);
    expect([madeUp.status, madeUp.body.code]).toEqual([400, 'request.invalid_cursor']);
    expect([madeUpWithoutEmail.status, madeUpWithoutEmail.body.code]).toEqual([400, 'request.invalid_cursor']);
  });
});

/** Asks again until `check` holds: an erasure lands in the read models in the background. */
async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the erasure to reach the read models');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
