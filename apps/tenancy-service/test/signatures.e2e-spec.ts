import { signJwt, standardWebhooksSecretOf } from '@tenancy/platform';
import { Webhook } from 'standardwebhooks';
import { companyWithOwner, JWT_SECRET, person, TEST_TOKEN_LIFETIME_S, TestApp, type Caller } from './harness';

/** The system clock, moved forward by the test. */
function movableClock() {
  let offsetMs = 0;
  return { now: () => new Date(Date.now() + offsetMs), advance(ms: number) { offsetMs += ms; } };
}

describe('Verifying tenants\' signatures for platform services', () => {
  const clock = movableClock();
  let t: TestApp;
  let id: string;
  const owner = person('olivia');
  const platformService: Caller = { token: signJwt({ sub: 'billing-service', scope: 'profile tenancy.verify', exp: Math.floor(Date.now() / 1000) + TEST_TOKEN_LIFETIME_S }, JWT_SECRET) };
  beforeEach(async () => {
    t = await TestApp.start(undefined, { TENANT_SECRET_GRACE_S: '600' }, { clock });
    id = await companyWithOwner(t, owner);
  });
  afterEach(async () => t.stop());

  const rotate = async () => (await t.request('POST', `/v1/companies/${id}/secret`, undefined, owner.caller)).body.secret as string;
  /** What a tenant's integration sends: signed with the standardwebhooks package. */
  const signed = (secret: string, payload = '{"invoice":"INV-7"}', at = clock.now()) => ({
    id: 'msg_1', timestamp: String(Math.floor(at.getTime() / 1000)), payload,
    signature: new Webhook(standardWebhooksSecretOf(secret)).sign('msg_1', at, payload),
  });
  const verify = (body: unknown, caller = platformService) => t.request('POST', `/v1/companies/${id}/signatures/verify`, body, caller);

  it('given a rotation, then the previous secret verifies during the grace and not after it, and nothing about the secret comes back', async () => {
    const first = await rotate();
    expect((await verify(signed(first))).body).toEqual({ valid: true, reason: null });
    expect((await verify({ ...signed(first), payload: '{"invoice":"INV-8"}' })).body).toEqual({ valid: false, reason: 'no_matching_signature' });

    const second = await rotate();
    expect((await verify(signed(first))).body).toEqual({ valid: true, reason: null });
    expect((await verify(signed(second))).body).toEqual({ valid: true, reason: null });
    clock.advance(11 * 60 * 1000);
    const after = await verify(signed(first));
    expect(after.body).toEqual({ valid: false, reason: 'no_matching_signature' });
    expect(after.text).not.toMatch(/tsk_|whsec_/);
    expect((await verify(signed(second))).body).toEqual({ valid: true, reason: null });
  });

  it('given a valid signature with a timestamp more than 5 minutes old, then it is refused', async () => {
    const secret = await rotate();
    const old = await verify(signed(secret, '{}', new Date(clock.now().getTime() - 6 * 60 * 1000)));
    expect([old.status, old.body]).toEqual([200, { valid: false, reason: 'timestamp_out_of_range' }]);
  });

  it('given the company\'s owner without the scope, then they may not verify, told which scope to ask for; staff may', async () => {
    const secret = await rotate();
    const refused = await verify(signed(secret), owner.caller);
    expect([refused.status, refused.body.code]).toEqual([403, 'auth.scope_required']);
    // RFC 6750 §3.1: the client learns the scope its token lacks.
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="tenancy", error="insufficient_scope", scope="tenancy.verify"');
    expect((await t.request('POST', `/v1/companies/${id}/signatures/verify`, signed(secret))).body).toEqual({ valid: true, reason: null });
  });

  it('given a payload in decomposed form, on several lines, with tabs and control characters, then it is verified over its exact bytes', async () => {
    const secret = await rotate();
    const decomposed = '{"name":"zoe\u0308"}';
    for (const payload of [decomposed, '{\n\t"invoice": "INV-7",\r\n\t"note": "a\u0000b\u202e"\n}\n']) {
      const res = await verify(signed(secret, payload));
      expect({ payload, status: res.status, body: res.body }).toEqual({ payload, status: 200, body: { valid: true, reason: null } });
    }
    // Signed over the composed form, the decomposed bytes sent are not what was signed.
    const composedSignature = signed(secret, decomposed.normalize('NFC')).signature;
    expect((await verify({ ...signed(secret, decomposed), signature: composedSignature })).body).toEqual({ valid: false, reason: 'no_matching_signature' });
  });

  it('given a payload over the bound or control characters in another field, then 400 as before', async () => {
    const secret = await rotate();
    const long = await verify(signed(secret, 'x'.repeat(60_001)));
    expect([long.status, long.body.code, long.body.errors]).toEqual([400, 'request.invalid', [{ field: 'payload', message: expect.stringContaining('60000') }]]);
    const header = await verify({ ...signed(secret), id: 'msg_1\n' });
    expect([header.status, header.body.code, header.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, 'request.invalid_text', ['id']]);
  });

  it('given a company without a secret yet, then nothing verifies', async () => {
    const body = { id: 'msg_1', timestamp: String(Math.floor(clock.now().getTime() / 1000)), payload: '{}', signature: 'v1,AAAA' };
    expect((await verify(body)).body).toEqual({ valid: false, reason: 'no_matching_signature' });
  });
});
