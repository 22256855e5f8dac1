import { companyWithOwner, link, newCompany, person, staff, TestApp, testClock, type Caller, type Person } from './harness';
import { WebhookReceiver } from './webhook-receiver';

/**
 * README: a repeated Idempotency-Key gets the first response back, but only while its caller may
 * still make that request: the replay is checked as the request would be, up to the point where it
 * would change something. What the first request itself did to its caller does not count.
 */
describe('Replaying an Idempotency-Key, for a caller who may still make the request', () => {
  let t: TestApp;
  let id: string;
  const olivia = person('olivia');
  const adam = person('adam');
  beforeEach(async () => {
    t = await TestApp.start();
    id = await companyWithOwner(t, olivia);
    await link(t, id, adam, 'admin');
  });
  afterEach(async () => t.stop());

  const withKey = (who: Person, key: string): Caller => ({ ...who.caller, headers: { 'idempotency-key': key } });
  const rotate = (who: Person) => t.request('POST', `/v1/companies/${id}/secret`, undefined, withKey(who, 'rotate-1'));
  const member = (userId: string, suffix = '') => `/v1/companies/${id}/members/${userId}${suffix}`;

  it.each([
    ['removed', () => t.request('DELETE', member(adam.userId), undefined, olivia.caller), 404, 'company.not_found'],
    ['deactivated', () => t.request('POST', member(adam.userId, '/deactivate'), undefined, olivia.caller), 404, 'company.not_found'],
    ['made a viewer', () => t.request('PATCH', member(adam.userId), { role: 'viewer' }, olivia.caller), 403, 'company.permission_denied'],
  ] as const)('given an admin who rotated the secret with a key and was then %s, when they repeat it, then they are refused and no secret comes back', async (_what, demote, status, code) => {
    const first = await rotate(adam);
    expect(first.status).toBe(200);
    expect((await demote()).status).toBeLessThan(300);

    const repeated = await rotate(adam);

    expect([repeated.status, repeated.body.code]).toEqual([status, code]);
    expect(repeated.text).not.toContain(first.body.secret);
    expect(repeated.headers['idempotent-replayed']).toBeUndefined();
  });

  it('given an admin who rotated the secret with a key and still may, when they repeat it, then the first answer comes back and nothing is rotated again', async () => {
    const first = await rotate(adam);
    const repeated = await rotate(adam);

    expect([repeated.status, repeated.headers['idempotent-replayed'], repeated.body]).toEqual([200, 'true', first.body]);
    expect((await t.request('GET', `/v1/companies/${id}/settings`, undefined, adam.caller)).body.secretVersion).toBe(1);
  });

  it('given requests whose own outcome took the caller\'s rights (handing ownership over, leaving), when repeated, then the first answer still comes back', async () => {
    const transfer = () => t.request('POST', `/v1/companies/${id}/ownership-transfer`, { toUserId: adam.userId }, withKey(olivia, 'transfer-1'));
    const handedOver = await transfer();
    const transferAgain = await transfer();
    const leave = () => t.request('DELETE', member(olivia.userId), undefined, withKey(olivia, 'leave-1'));
    const left = await leave();
    const leaveAgain = await leave();

    expect([handedOver.status, transferAgain.status, transferAgain.headers['idempotent-replayed']]).toEqual([200, 200, 'true']);
    expect([left.status, leaveAgain.status, leaveAgain.headers['idempotent-replayed']]).toEqual([204, 204, 'true']);
  });

  it('given an admin removed after sending other commands with keys, when they repeat any of them, then each is refused', async () => {
    const settings = { notificationPreferences: { email: true, sms: false, webhook: false }, currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{seq}' };
    const sent: Array<[string, string, unknown?]> = [
      ['PUT', `/v1/companies/${id}/settings`, settings],
      ['POST', `/v1/companies/${id}/invitations`, { email: 'nina@acme.example', role: 'viewer' }],
      ['POST', `/v1/companies/${id}/webhooks`, { url: 'https://hooks.acme.example/in' }],
      ['POST', member('emma', '/password-reset')],
    ];
    await link(t, id, person('emma'), 'employee');
    const firsts = [];
    for (const [i, [method, path, body]] of sent.entries()) firsts.push((await t.request(method, path, body, withKey(adam, `k-${i}`))).status);
    await t.request('DELETE', member(adam.userId), undefined, olivia.caller);

    const repeats = [];
    for (const [i, [method, path, body]] of sent.entries()) repeats.push((await t.request(method, path, body, withKey(adam, `k-${i}`))).status);

    expect(firsts).toEqual([200, 201, 201, 202]);
    expect(repeats).toEqual([404, 404, 404, 404]);
  });

  it('given a user who founded a company with a key and was removed from it since, when they repeat the founding, then its API token does not come back', async () => {
    const fiona = person('fiona');
    const found = () => t.request('POST', '/v1/me/companies', { name: 'Fiona\'s Shop', timezone: 'UTC', defaultLanguage: 'en' }, withKey(fiona, 'found-1'));
    const founded = await found();
    const replayed = await found();
    const own = founded.body.id;
    await link(t, own, adam, 'admin');
    expect((await t.request('POST', `/v1/companies/${own}/ownership-transfer`, { toUserId: adam.userId })).status).toBe(200);
    expect((await t.request('DELETE', `/v1/companies/${own}/members/${fiona.userId}`)).status).toBe(204);

    const afterRemoval = await found();

    expect([founded.status, replayed.status, replayed.body.apiToken]).toEqual([201, 201, founded.body.apiToken]);
    expect([afterRemoval.status, afterRemoval.body.code]).toEqual([404, 'company.not_found']);
    expect(afterRemoval.text).not.toContain(founded.body.apiToken);
  });

  it('given staff who created and then deleted a company with keys, when they repeat both, then the deletion\'s answer comes back and the creation\'s API token does not', async () => {
    const create = () => t.request('POST', '/v1/companies', newCompany({ name: 'Beta' }), staff({ 'idempotency-key': 'create-1' }));
    const created = await create();
    const remove = () => t.request('DELETE', `/v1/companies/${created.body.id}`, { confirmName: 'Beta' }, staff({ 'idempotency-key': 'delete-1' }));
    expect((await remove()).status).toBe(204);

    const [createdAgain, removedAgain] = [await create(), await remove()];

    expect([createdAgain.status, createdAgain.body.code]).toEqual([404, 'company.not_found']);
    expect(createdAgain.text).not.toContain(created.body.apiToken);
    expect([removedAgain.status, removedAgain.headers['idempotent-replayed']]).toEqual([204, 'true']);
  });

  it('given a company whose API token and secret were rotated with keys, when it is deleted and the rotations are repeated, then 404 and neither comes back', async () => {
    const [emma, nina] = [person('emma'), person('nina')];
    await link(t, id, emma, 'employee');
    const invited = await t.request('POST', `/v1/companies/${id}/invitations`, { email: nina.email, role: 'viewer' }, olivia.caller);
    const sent: Array<[string, string, Caller, unknown?]> = [
      ['POST', `/v1/companies/${id}/api-token`, staff({ 'idempotency-key': 'token-1' })],
      ['POST', `/v1/companies/${id}/secret`, withKey(olivia, 'secret-1')],
      ['PUT', `/v1/companies/${id}/settings`, withKey(adam, 'settings-1'), { notificationPreferences: { email: true, sms: false, webhook: false }, currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{seq}' }],
      ['POST', `/v1/invitations/${invited.body.id}/accept`, withKey(nina, 'accept-1')],
      ['POST', `/v1/companies/${id}/members/${emma.userId}/deactivate`, withKey(olivia, 'deactivate-1')],
    ];
    const firsts = [];
    for (const [method, path, caller, body] of sent) firsts.push(await t.request(method, path, body, caller));
    expect(firsts.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const name = (await t.request('GET', `/v1/companies/${id}`)).body.name;
    expect((await t.request('DELETE', `/v1/companies/${id}`, { confirmName: name })).status).toBe(204);

    const repeats = [];
    for (const [method, path, caller, body] of sent) repeats.push(await t.request(method, path, body, caller));

    expect(repeats.map((r) => [r.status, r.body?.code])).toEqual(sent.map(() => [404, 'company.not_found']));
    expect(repeats.map((r) => r.headers['idempotent-replayed'])).toEqual(sent.map(() => undefined));
    for (const repeat of repeats) {
      expect(repeat.text).not.toContain(firsts[0].body.apiToken);
      expect(repeat.text).not.toContain(firsts[1].body.secret);
    }
  });
});

describe('Replaying a webhook test, which changes nothing but sends', () => {
  it('given an admin who sent a test with a key, when they repeat it, then the first result comes back and nothing is sent again; once removed, they are refused', async () => {
    const clock = testClock();
    const receiver = await WebhookReceiver.start(clock.now);
    // Deliveries of the company's own events stay off: the receiver counts only tests.
    const t = await TestApp.start(undefined, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_DELIVERY: 'false' }, { clock });
    try {
      const [olivia, adam] = [person('olivia'), person('adam')];
      const id = await companyWithOwner(t, olivia);
      await link(t, id, adam, 'admin');
      expect((await t.request('POST', `/v1/companies/${id}/secret`, undefined, olivia.caller)).status).toBe(200);
      const webhookId = (await t.request('POST', `/v1/companies/${id}/webhooks`, { url: receiver.url }, olivia.caller)).body.id;
      const sendTest = () => t.request('POST', `/v1/companies/${id}/webhooks/${webhookId}/test`, undefined, { ...adam.caller, headers: { 'idempotency-key': 'test-1' } });

      const first = await sendTest();
      const repeated = await sendTest();
      await t.request('DELETE', `/v1/companies/${id}/members/${adam.userId}`, undefined, olivia.caller);
      const afterRemoval = await sendTest();

      expect([first.status, first.body.statusCode]).toEqual([200, 401]); // it reached the receiver, which holds no secret
      expect([repeated.status, repeated.headers['idempotent-replayed'], repeated.body]).toEqual([200, 'true', first.body]);
      expect([afterRemoval.status, afterRemoval.body.code]).toEqual([404, 'company.not_found']);
      expect(receiver.requests).toBe(1);
    } finally {
      await t.stop();
      await receiver.stop();
    }
  });
});
