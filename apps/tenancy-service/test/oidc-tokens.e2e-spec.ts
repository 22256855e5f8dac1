import { signJwt } from '@tenancy/platform';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { CONSOLE_CLIENT, KeycloakTestRealm, STAFF_ROLE, TEST_USERS, TOKEN_AUDIENCE } from '../../../libs/testing/src/servers/keycloak-client';
import { JWT_SECRET, newCompany, TestApp, testClock, type Caller } from './harness';

/**
 * The API with AUTH_ISSUER set to the Keycloak realm of the test run (KEYCLOAK_URL): tokens from its
 * token endpoint, staff from the `platform-staff` realm role, and a key rotation at the provider
 * that the running service follows.
 */
jest.setTimeout(90_000);

const keycloak = KeycloakTestRealm.fromEnv();

function guard(reasonToSkip: string | undefined): jest.Describe {
  if (reasonToSkip === undefined) return describe;
  process.stderr.write(`[oidc-tokens.e2e-spec] skipped: ${reasonToSkip}\n`);
  return describe.skip;
}

/** How long after its last fetch of the keys the service fetches them again for an unknown kid. */
const JWKS_COOLDOWN_S = 30;

guard(keycloak ? undefined : 'KEYCLOAK_URL is not set (Keycloak not installed: bash tools/keycloak/install.sh)')('Bearer tokens of an OpenID Connect provider (Keycloak)', () => {
  const realm = keycloak!;
  const oidcEnv = (audience = TOKEN_AUDIENCE) => ({
    AUTH_ISSUER: realm.issuer, AUTH_AUDIENCE: audience, AUTH_STAFF_CLAIM: 'realm_access.roles', AUTH_STAFF_VALUE: STAFF_ROLE,
  });
  let t: TestApp;
  let clock: ReturnType<typeof testClock>;
  // The harness also sets AUTH_JWT_SECRET: in OIDC mode even that secret's tokens must be refused.
  beforeEach(async () => { clock = testClock(); t = await TestApp.start(undefined, oidcEnv(), { clock }); });
  afterEach(async () => t?.stop());

  const as = async (user: keyof typeof TEST_USERS): Promise<Caller> => ({ token: (await realm.userToken(user)).access_token });
  const companies = (caller: Caller) => t.request('GET', '/v1/companies', undefined, caller);

  it('given the staff user\'s token, then they are staff; alice and a client-credentials token are signed in but not staff', async () => {
    const [staff, alice, backend] = [await as('staff'), await as('alice'), { token: (await realm.serviceToken()).access_token }];

    expect((await companies(staff)).status).toBe(200);
    expect((await t.request('GET', '/v1/me', undefined, staff)).body)
      .toEqual({ userId: decodeJwt(staff.token!).sub, staff: true, email: TEST_USERS.staff.email, emailVerified: true });
    expect((await t.request('GET', '/v1/me', undefined, alice)).body).toMatchObject({ staff: false, email: TEST_USERS.alice.email });
    const refused = await companies(alice);
    expect([refused.status, refused.body.code]).toEqual([403, 'auth.staff_only']);
    expect((await t.request('GET', '/v1/me/companies', undefined, alice)).status).toBe(200);
    expect((await companies(backend)).status).toBe(403);
    expect((await t.request('GET', '/v1/me/companies', undefined, backend)).status).toBe(200);
  });

  it('given invitations, then alice (verified email) joins as her `sub`, and carol (unverified email) is refused with a stable code', async () => {
    const staff = await as('staff');
    const [alice, carol] = [await as('alice'), await as('carol')];
    const forAlice = await t.request('POST', '/v1/companies', newCompany({ ownerEmail: TEST_USERS.alice.email }), staff);
    const forCarol = await t.request('POST', '/v1/companies', newCompany({ name: 'Carol AG', ownerEmail: TEST_USERS.carol.email }), staff);
    expect([forAlice.status, forCarol.status]).toEqual([201, 201]);

    const joined = await t.request('POST', `/v1/invitations/${forAlice.body.ownerInvitation.id}/accept`, undefined, alice);
    const refused = await t.request('POST', `/v1/invitations/${forCarol.body.ownerInvitation.id}/accept`, undefined, carol);

    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ userId: decodeJwt(alice.token!).sub, role: 'owner', email: TEST_USERS.alice.email });
    expect((await t.request('GET', '/v1/me', undefined, carol)).body).toMatchObject({ email: TEST_USERS.carol.email, emailVerified: false });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('invitation.email_unverified');
    const stillPending = await t.request('GET', `/v1/companies/${forCarol.body.id}/invitations/${forCarol.body.ownerInvitation.id}`, undefined, staff);
    expect(stillPending.body.status).toBe('sent');
  });

  it('given HS256 tokens, even ones signed with AUTH_JWT_SECRET or the realm\'s public key, then they are 401', async () => {
    const { sub, exp } = decodeJwt((await realm.userToken('staff')).access_token);
    const claims = { iss: realm.issuer, aud: TOKEN_AUDIENCE, sub, exp, staff: true, realm_access: { roles: [STAFF_ROLE] } };
    const publicKey = (await realm.jwks()).keys.find((key) => key.use === 'sig' && key.kty === 'RSA')!;

    for (const secret of [JWT_SECRET, 'any-secret-at-all-any-secret-at-all', String(publicKey.n), JSON.stringify(publicKey)]) {
      const res = await companies({ token: signJwt(claims, secret) });
      expect([res.status, res.body.code]).toEqual([401, 'auth.unauthenticated']);
    }
  });

  it('given a service expecting another audience, then the realm\'s tokens are 401 there', async () => {
    const elsewhere = await TestApp.start(undefined, oidcEnv('another-service'));
    try {
      const res = await elsewhere.request('GET', '/v1/companies', undefined, await as('staff'));
      expect([res.status, res.body.code]).toEqual([401, 'auth.unauthenticated']);
    } finally {
      await elsewhere.stop();
    }
  });

  it('given AUTH_AUDIENCE set to the console\'s client id, then the realm\'s ID tokens (addressed to it) are 401 "not an access token"', async () => {
    const asConsole = await TestApp.start(undefined, oidcEnv(CONSOLE_CLIENT.clientId));
    try {
      const { id_token: idToken } = await realm.userToken('alice');
      expect(decodeJwt(idToken!)).toMatchObject({ typ: 'ID', aud: CONSOLE_CLIENT.clientId });
      const res = await asConsole.request('GET', '/v1/me', undefined, { token: idToken });
      expect([res.status, res.body.code]).toEqual([401, 'auth.unauthenticated']);
      expect(res.headers['www-authenticate']).toContain('error_description="The bearer token is not valid: not an access token"');
    } finally {
      await asConsole.stop();
    }
  });

  it('given a token, when the service\'s clock passes its expiry and the allowed skew, then it is 401', async () => {
    const staff = await as('staff');
    const { exp } = decodeJwt(staff.token!);
    expect((await companies(staff)).status).toBe(200);

    clock.advanceSeconds(exp! - Date.now() / 1000 + t.config.authClockSkewSeconds + 1);

    expect((await companies(staff)).status).toBe(401);
  });

  it('given the realm rotates its signing key and disables the old one, then new tokens verify without a restart and the old key\'s do not', async () => {
    const underOldKey = await as('staff');
    expect((await companies(underOldKey)).status).toBe(200);

    const { previousKid, newKid } = await realm.rotateSigningKey('disable');
    const underNewKey = await as('staff');
    expect(decodeProtectedHeader(underOldKey.token!).kid).toBe(previousKid);
    expect(decodeProtectedHeader(underNewKey.token!).kid).toBe(newKid);

    // The service fetches the keys again for an unknown kid at most once per cooldown (rate limit).
    clock.advanceSeconds(JWKS_COOLDOWN_S);
    expect((await companies(underNewKey)).status).toBe(200);
    expect((await companies(underOldKey)).status).toBe(401);
    expect((await companies(await as('alice'))).status).toBe(403);
  });
});
