import { standardWebhooksSecretOf, type Stores } from '@tenancy/platform';
import { STORES } from '../src/infrastructure/storage.module';
import { companyWithOwner, person, TestApp, type Person } from './harness';
import { WebhookReceiver } from './webhook-receiver';

/** The system clock, moved forward by the test: retries hours away come due at once. */
function movableClock() {
  let offsetMs = 0;
  return { now: () => new Date(Date.now() + offsetMs), advance(ms: number) { offsetMs += ms; } };
}

async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const ALLOW_LOOPBACK = { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_POLL_MS: '20', TENANT_SECRET_GRACE_S: '3600' };

jest.setTimeout(30_000);

describe('Webhooks delivered to a real receiver', () => {
  const clock = movableClock();
  let t: TestApp;
  const receivers: WebhookReceiver[] = [];
  const receiver = async () => { const r = await WebhookReceiver.start(clock.now); receivers.push(r); return r; };
  afterEach(async () => {
    await t.stop();
    await Promise.all(receivers.splice(0).map((r) => r.stop()));
  });

  /** A company of `owner`'s with a tenant secret the receiver trusts, webhooks switched on and an endpoint at the receiver. */
  async function integratedCompany(owner: Person, hooks: WebhookReceiver) {
    const id = await companyWithOwner(t, owner);
    const { secret } = (await t.request('POST', `/v1/companies/${id}/secret`, undefined, owner.caller)).body;
    hooks.trust(standardWebhooksSecretOf(secret));
    const url = hooks.url;
    const settings = { notificationPreferences: { email: false, sms: false, webhook: true }, currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{seq}' };
    expect((await t.request('PUT', `/v1/companies/${id}/settings`, settings, owner.caller)).status).toBe(200);
    const added = await t.request('POST', `/v1/companies/${id}/webhooks`, { url }, owner.caller);
    expect(added.status).toBe(201);
    return { id, webhookId: added.body.id as string, secret: secret as string };
  }
  /**
   * A service, and a company of olivia's whose endpoint's receiver is down: the endpoint is owed two
   * messages (its own addition and a rename), and the first attempt has been refused.
   */
  async function owedTwoMessages() {
    t = await TestApp.start(undefined, ALLOW_LOOPBACK, { clock });
    const owner = person('olivia');
    const hooks = await receiver();
    hooks.down = true;
    const company = await integratedCompany(owner, hooks);
    await rename(company.id, 'Acme One');
    await eventually('the first refused attempt', async () => await attemptsRecorded(company.id, company.webhookId, owner) === 1);
    return { owner, hooks, ...company };
  }
  /** Staff rename the company: one more event on its stream. */
  const rename = async (id: string, name: string) => expect((await t.request('PATCH', `/v1/companies/${id}`, { name })).status).toBe(200);
  const deliveries = async (id: string, webhookId: string, owner: Person, query = '') =>
    (await t.request('GET', `/v1/companies/${id}/webhooks/${webhookId}/deliveries${query}`, undefined, owner.caller)).body;

  /** Attempts recorded for the endpoint so far: the clock moves only once an attempt is recorded, or its retry would be counted from the moved time. */
  const attemptsRecorded = async (id: string, webhookId: string, owner: Person) =>
    (await deliveries(id, webhookId, owner)).items.reduce((sum: number, d: { attempts: unknown[] }) => sum + d.attempts.length, 0);

  it('given a receiver down for a while and a secret rotated meanwhile, then every message arrives verified, in order, signed with both secrets during the grace', async () => {
    t = await TestApp.start(undefined, ALLOW_LOOPBACK, { clock });
    const owner = person('olivia');
    const hooks = await receiver();
    const { id, webhookId, secret } = await integratedCompany(owner, hooks);
    await eventually('the endpoint-added message', () => hooks.received.length === 1);
    expect(hooks.received[0].body).toMatchObject({ type: 'WebhookEndpointAdded', companyId: id, data: { companyId: id, webhookId } });
    expect(hooks.received[0].body).not.toHaveProperty('data.url');

    hooks.down = true;
    await rename(id, 'Acme One');
    await rename(id, 'Acme Two');
    await eventually('the first refused attempt', async () => await attemptsRecorded(id, webhookId, owner) === 2);
    const rotated = (await t.request('POST', `/v1/companies/${id}/secret`, undefined, owner.caller)).body.secret as string;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hooks.requests).toBe(2); // one in flight per endpoint: the second message waits behind the first
    const waiting = await deliveries(id, webhookId, owner, '?status=pending');
    expect(waiting.items.map((d: { eventType: string; attempts: unknown[] }) => [d.eventType, d.attempts.length]))
      .toEqual([['TenantSecretRotated', 0], ['CompanyDetailsChanged', 0], ['CompanyDetailsChanged', 1]]);
    expect(waiting.items[2].attempts[0]).toMatchObject({ statusCode: 503, error: null });
    expect(waiting.items.every((d: { nextAttemptAt: string | null }) => typeof d.nextAttemptAt === 'string')).toBe(true);
    // An empty cursor asks for the first page, as on every other list.
    expect(await deliveries(id, webhookId, owner, '?status=pending&cursor=')).toEqual(waiting);

    clock.advance(6 * SECOND);
    await eventually('the first retry', async () => await attemptsRecorded(id, webhookId, owner) === 3);
    hooks.down = false;
    clock.advance(6 * MINUTE);
    await eventually('the backlog', () => hooks.received.length === 4);
    expect(hooks.received.slice(1).map((m) => m.body.type)).toEqual(['CompanyDetailsChanged', 'CompanyDetailsChanged', 'TenantSecretRotated']);
    expect(hooks.received.slice(1).map((m) => m.signatures)).toEqual([2, 2, 2]);

    hooks.trust(standardWebhooksSecretOf(rotated)); // the receiver switches during the grace period
    await rename(id, 'Acme Three');
    await eventually('a message verified with the new secret', () => hooks.received.length === 5);
    clock.advance(HOUR);
    await rename(id, 'Acme Four');
    await eventually('a message after the grace', () => hooks.received.length === 6);
    expect(hooks.received[5].signatures).toBe(1);

    const revisions = hooks.received.map((m) => m.body.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(hooks.received.map((m) => m.id)).size).toBe(6);
    expect(hooks.received.every((m) => m.id === m.body.eventId)).toBe(true);
    expect(hooks.refusedSignatures).toBe(0);
  });

  it('given messages owed to a receiver that is down, when the service restarts, then they arrive after it in order, none lost', async () => {
    t = await TestApp.start(undefined, ALLOW_LOOPBACK, { clock });
    const owner = person('olivia');
    const hooks = await receiver();
    hooks.down = true;
    const { id, webhookId } = await integratedCompany(owner, hooks);
    await rename(id, 'Acme One');
    await rename(id, 'Acme Two');
    await eventually('the first refused attempt', async () => await attemptsRecorded(id, webhookId, owner) === 1);

    await t.stop({ keepData: true }); // a process restart on the same data, with the same settings
    t = await TestApp.start(t.dataDir, ALLOW_LOOPBACK, { clock });
    hooks.down = false;
    clock.advance(6 * SECOND);
    await eventually('the backlog after the restart', () => hooks.received.length === 3);
    expect(hooks.received.map((m) => m.body.type)).toEqual(['WebhookEndpointAdded', 'CompanyDetailsChanged', 'CompanyDetailsChanged']);
    const revisions = hooks.received.map((m) => m.body.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
  });

  it('given messages owed to an endpoint that is down, when it is removed, then they are cancelled and never sent, and the company\'s other endpoint goes on', async () => {
    const { owner, hooks, id, webhookId, secret } = await owedTwoMessages();
    const other = await receiver();

    expect((await t.request('DELETE', `/v1/companies/${id}/webhooks/${webhookId}`, undefined, owner.caller)).status).toBe(204);
    hooks.down = false;
    clock.advance(6 * MINUTE); // the refused message's retry is due
    other.trust(standardWebhooksSecretOf(secret));
    expect((await t.request('POST', `/v1/companies/${id}/webhooks`, { url: other.url }, owner.caller)).status).toBe(201);
    await rename(id, 'Acme Two');

    await eventually('the other endpoint\'s messages', () => other.received.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 200)); // ten polls
    expect(hooks.requests).toBe(1);
    const kept = await t.app.get<Stores>(STORES).webhookDeliveries.list(webhookId, { limit: 10 });
    expect(kept.items.map((d) => [d.eventType, d.status, d.attempts.length]))
      .toEqual([['CompanyDetailsChanged', 'cancelled', 0], ['WebhookEndpointAdded', 'cancelled', 1]]);
  });

  it('given messages owed to an endpoint that is down, when the company is deleted, then they are cancelled and never sent', async () => {
    const { owner, hooks, id, webhookId } = await owedTwoMessages();

    expect((await t.request('DELETE', `/v1/companies/${id}`, { confirmName: 'Acme One' })).status).toBe(204);
    hooks.down = false;
    clock.advance(6 * MINUTE); // the refused message's retry would be due

    const stores = t.app.get<Stores>(STORES);
    await eventually('nothing pending for the deleted company', async () => !(await stores.webhookDeliveries.endpointsWithPending()).includes(webhookId));
    await new Promise((resolve) => setTimeout(resolve, 200)); // ten polls
    expect(hooks.requests).toBe(1);
    const kept = await stores.webhookDeliveries.list(webhookId, { limit: 10 });
    expect(kept.items.map((d) => d.status)).toEqual(kept.items.map(() => 'cancelled'));
  });

  it('given a company deleted, then the other companies\' messages keep arriving after it', async () => {
    t = await TestApp.start(undefined, ALLOW_LOOPBACK, { clock });
    const gone = await companyWithOwner(t, person('gina'));
    await rename(gone, 'Gone GmbH');
    expect((await t.request('DELETE', `/v1/companies/${gone}`, { confirmName: 'Gone GmbH' })).status).toBe(204);
    const owner = person('olivia');
    const hooks = await receiver();
    const { id } = await integratedCompany(owner, hooks);

    await rename(id, 'Acme After');

    await eventually('the rename after the deletion', () => hooks.received.some((m) => m.body.type === 'CompanyDetailsChanged'));
    expect(hooks.received.map((m) => m.body.companyId)).toEqual(hooks.received.map(() => id));
  });

  it('given the switch on and an endpoint but no tenant secret yet, then nothing is scheduled until the secret exists, and no attempt fails', async () => {
    t = await TestApp.start(undefined, ALLOW_LOOPBACK, { clock });
    const owner = person('olivia');
    const hooks = await receiver();
    const id = await companyWithOwner(t, owner);
    const settings = { notificationPreferences: { email: false, sms: false, webhook: true }, currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{seq}' };
    expect((await t.request('PUT', `/v1/companies/${id}/settings`, settings, owner.caller)).status).toBe(200);
    const webhookId = (await t.request('POST', `/v1/companies/${id}/webhooks`, { url: hooks.url }, owner.caller)).body.id as string;
    await rename(id, 'Acme Unsigned');

    const { secret } = (await t.request('POST', `/v1/companies/${id}/secret`, undefined, owner.caller)).body;
    hooks.trust(standardWebhooksSecretOf(secret));
    await rename(id, 'Acme Signed');

    await eventually('the messages after the secret', () => hooks.received.length === 2);
    expect(hooks.received.map((m) => m.body.type)).toEqual(['TenantSecretRotated', 'CompanyDetailsChanged']);
    const listed = (await deliveries(id, webhookId, owner)).items.map((d: { eventType: string; status: string; attempts: unknown[] }) => [d.eventType, d.status, d.attempts.length]);
    expect(listed).toEqual([['CompanyDetailsChanged', 'delivered', 1], ['TenantSecretRotated', 'delivered', 1]]);
    expect((await deliveries(id, webhookId, owner)).items.map((d: { nextAttemptAt: string | null }) => d.nextAttemptAt)).toEqual([null, null]);
    expect(hooks.requests).toBe(2);
  });

  it('given messages owed to an endpoint, when it is paused, then they are cancelled; when it is enabled again, then it gets the events from then on', async () => {
    const { owner, hooks, id, webhookId } = await owedTwoMessages();
    const endpoint = `/v1/companies/${id}/webhooks/${webhookId}`;

    expect((await t.request('PATCH', endpoint, { enabled: false }, owner.caller)).status).toBe(200);
    await eventually('the owed messages cancelled', async () => (await deliveries(id, webhookId, owner, '?status=cancelled')).items.length === 2);
    const cancelled = (await deliveries(id, webhookId, owner, '?status=cancelled')).items.map((d: { messageId: string }) => d.messageId);
    expect((await deliveries(id, webhookId, owner, '?status=cancelled')).items.map((d: { nextAttemptAt: string | null }) => d.nextAttemptAt)).toEqual([null, null]);
    hooks.down = false;
    clock.advance(6 * MINUTE);
    await rename(id, 'Acme Two'); // while paused
    expect((await t.request('PATCH', endpoint, { enabled: true }, owner.caller)).status).toBe(200);
    await rename(id, 'Acme Three');

    await eventually('the messages after it was enabled', () => hooks.received.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The enabling change and the rename after it; not the cancelled ones, nor the rename while paused.
    expect(hooks.received.map((m) => m.body.type)).toEqual(['WebhookEndpointChanged', 'CompanyDetailsChanged']);
    expect(hooks.received.filter((m) => cancelled.includes(m.id))).toEqual([]);
    expect(hooks.received[1].body.revision).toBe(hooks.received[0].body.revision + 1); // 'Acme Three', recorded right after the enabling
    expect((await deliveries(id, webhookId, owner, '?status=pending')).items).toEqual([]);
  });

  it('given a rotation, when a test message is sent, then it is signed with the new secret at once and answers the receiver\'s status', async () => {
    t = await TestApp.start(undefined, ALLOW_LOOPBACK, { clock });
    const owner = person('olivia');
    const hooks = await receiver();
    const { id, webhookId } = await integratedCompany(owner, hooks);
    const sendTest = () => t.request('POST', `/v1/companies/${id}/webhooks/${webhookId}/test`, undefined, owner.caller);
    expect((await sendTest()).body).toMatchObject({ delivered: true, statusCode: 204, error: null, latencyMs: expect.any(Number) });
    const rotated = (await t.request('POST', `/v1/companies/${id}/secret`, undefined, owner.caller)).body.secret as string;
    hooks.trust(standardWebhooksSecretOf(rotated));
    const tested = await sendTest();
    expect(tested.body).toMatchObject({ delivered: true, statusCode: 204, messageId: expect.stringMatching(/^test_/) });
    const message = hooks.received.find((m) => m.id === tested.body.messageId)!;
    expect(message.body).toMatchObject({ type: 'webhook.test', companyId: id, eventId: tested.body.messageId });
    expect(message.signatures).toBe(2);
  });

  it('given no allow-list, when the endpoint is on loopback, then nothing reaches it and each attempt says why', async () => {
    t = await TestApp.start(undefined, { WEBHOOK_POLL_MS: '20' }, { clock });
    const owner = person('olivia');
    const hooks = await receiver();
    const { id, webhookId } = await integratedCompany(owner, hooks);
    await eventually('a refused attempt', async () => (await deliveries(id, webhookId, owner)).items[0]?.attempts.length > 0);
    const [attempt] = (await deliveries(id, webhookId, owner)).items[0].attempts;
    expect(attempt).toMatchObject({ statusCode: null, error: expect.stringContaining('WEBHOOK_ALLOWED_HOSTS') });
    const tested = await t.request('POST', `/v1/companies/${id}/webhooks/${webhookId}/test`, undefined, owner.caller);
    expect(tested.body).toMatchObject({ delivered: false, statusCode: null, error: expect.stringContaining('127.0.0.1') });
    expect(hooks.requests).toBe(0);
  });

  it('given one company\'s endpoint is slow, then another company\'s messages do not wait for it', async () => {
    t = await TestApp.start(undefined, ALLOW_LOOPBACK, { clock });
    const [slow, fast] = [await receiver(), await receiver()];
    slow.delayMs = 3000;
    const a = await integratedCompany(person('olivia'), slow);
    await eventually('the slow endpoint to be busy', () => slow.requests === 1);
    const b = await integratedCompany(person('bruno'), fast);
    await eventually('the other company\'s message', () => fast.received.length === 1, 2500);
    expect(slow.received).toHaveLength(0);
    await eventually('the slow one to answer in the end', () => slow.received.length === 1);
  });

  it('given an endpoint that never answers 2xx, then each message is failed after the schedule, the endpoint disabled after 5 days, and a failed one can be sent again', async () => {
    t = await TestApp.start(undefined, ALLOW_LOOPBACK, { clock });
    const owner = person('olivia');
    const hooks = await receiver();
    hooks.down = true;
    const { id, webhookId, secret } = await integratedCompany(owner, hooks);
    for (let attempt = 1; attempt <= 8; attempt++) {
      await eventually(`attempt ${attempt}`, async () => await attemptsRecorded(id, webhookId, owner) === attempt);
      clock.advance(16 * HOUR); // the longest wait, 14 h, and its jitter
    }
    const [failed] = (await deliveries(id, webhookId, owner, '?status=failed')).items;
    expect(failed).toMatchObject({ eventType: 'WebhookEndpointAdded', status: 'failed' });
    expect(failed.attempts).toHaveLength(8);

    await rename(id, 'Acme One'); // day 5 and 8 hours: failing since the first attempt, so its first failure disables the endpoint
    await eventually('the next message', () => hooks.requests === 9);
    await eventually('the endpoint disabled', async () =>
      (await t.request('GET', `/v1/companies/${id}/webhooks/${webhookId}`, undefined, owner.caller)).body.enabled === false);
    const history = await t.request('GET', `/v1/companies/${id}/events`);
    expect(history.text).toContain('WebhookEndpointDisabled');

    hooks.down = false;
    const retried = await t.request('POST', `/v1/companies/${id}/webhooks/${webhookId}/deliveries/${failed.id}/retry`, undefined, owner.caller);
    expect(retried.body).toMatchObject({ delivered: true, statusCode: 204, messageId: failed.messageId });
    expect((await deliveries(id, webhookId, owner, '?status=delivered')).items.map((d: { id: string }) => d.id)).toEqual([failed.id]);
    expect(hooks.received.map((m) => m.id)).toEqual([failed.messageId]);
  });
});
