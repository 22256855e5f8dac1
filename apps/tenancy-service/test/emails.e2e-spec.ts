import { companyWithOwner, newCompany, person, TestApp, userToken } from './harness';

/** README, "Email addresses": one rule wherever an email is taken, and one spelling per address. */
describe('Email addresses, wherever one is taken', () => {
  let t: TestApp;
  beforeEach(async () => { t = await TestApp.start(); });
  afterEach(async () => t.stop());

  const olivia = person('user-olivia', 'olivia@acme.example');

  it('given spaces around an email, when a company, its contact, an owner invitation, an invitation and a link take it, then each is stored trimmed', async () => {
    const created = await t.request('POST', '/v1/companies', newCompany({ contactEmail: ' Ops@Acme.example ', ownerEmail: '  Olivia@acme.example' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ contactEmail: 'ops@acme.example', ownerInvitation: { email: 'olivia@acme.example' } });
    const id = created.body.id;
    const changed = await t.request('PATCH', `/v1/companies/${id}`, { contactEmail: 'Billing@acme.example ' });
    expect([changed.status, changed.body.contactEmail]).toEqual([200, 'billing@acme.example']);

    const invited = await t.request('POST', `/v1/companies/${id}/invitations`, { email: ' nina@acme.example ', role: 'viewer' });
    expect([invited.status, invited.body.email]).toEqual([201, 'nina@acme.example']);
    const linked = await t.request('POST', `/v1/companies/${id}/members`, { userId: 'user-emma', email: 'Emma@acme.example  ', role: 'employee' });
    expect([linked.status, linked.body.email]).toEqual([201, 'emma@acme.example']);
    // Only spaces, or spaces inside, are still no address.
    for (const email of ['   ', 'nina @acme.example']) {
      const refused = await t.request('POST', `/v1/companies/${id}/invitations`, { email, role: 'viewer' });
      expect([refused.status, refused.body.code, refused.body.errors]).toEqual([400, 'request.invalid', [{ field: 'email', message: 'must be a valid email address' }]]);
    }
  });

  it('given an invitation to kira@, when a token spells the address with KELVIN SIGN (U+212A, lower-cased k), then it neither sees nor answers it', async () => {
    const id = await companyWithOwner(t, olivia);
    const sent = await t.request('POST', `/v1/companies/${id}/invitations`, { email: 'kira@acme.example', role: 'admin' }, olivia.caller);
    const kelvin = { token: userToken('user-mallory', '\u212Aira@acme.example') };

    const listed = await t.request('GET', '/v1/me/invitations', undefined, kelvin);
    const accepted = await t.request('POST', `/v1/invitations/${sent.body.id}/accept`, undefined, kelvin);
    const declined = await t.request('POST', `/v1/invitations/${sent.body.id}/decline`, undefined, kelvin);

    expect([listed.status, listed.body.items]).toEqual([200, []]);
    expect([accepted.status, accepted.body.code]).toEqual([403, 'invitation.email_mismatch']);
    expect([declined.status, declined.body.code]).toEqual([403, 'invitation.email_mismatch']);
    const kira = { token: userToken('user-kira', 'KIRA@acme.example') };
    expect((await t.request('GET', '/v1/me/invitations', undefined, kira)).body.items).toEqual([expect.objectContaining({ id: sent.body.id })]);
  });
});
