/*
 * Smoke tests for the Keycloak that global-setup.ts starts (KEYCLOAK_URL): the test realm's
 * tokens carry what the service reads, verify against the realm's JWKS, and a key rotation
 * makes new tokens carry a new kid that the JWKS publishes.
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { KeycloakTestRealm, STAFF_ROLE, TEST_USERS, TOKEN_AUDIENCE } from './keycloak-client';

jest.setTimeout(60_000);

const keycloak = KeycloakTestRealm.fromEnv();

function guard(reasonToSkip: string | undefined): jest.Describe {
  if (reasonToSkip === undefined) return describe;
  process.stderr.write(`[keycloak.int-spec] skipped: ${reasonToSkip}\n`); // one line, no console.warn code frame
  return describe.skip;
}

interface Jwt {
  header: { alg: string; kid: string };
  payload: Record<string, unknown>;
}

const part = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

function decode(token: string): Jwt {
  const [header, payload] = token.split('.');
  return { header: part(header), payload: part(payload) };
}

/** Verifies the token's RS256 signature with the JWKS key of its kid: true, false, or 'no such kid'. */
async function verifiedByJwks(realm: KeycloakTestRealm, token: string): Promise<boolean | 'no such kid'> {
  const { header } = decode(token);
  const jwk = (await realm.jwks()).keys.find((k) => k.kid === header.kid && k.use === 'sig');
  if (!jwk) return 'no such kid';
  const [h, p, signature] = token.split('.');
  const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  return verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(signature, 'base64url'));
}

guard(keycloak ? undefined : 'KEYCLOAK_URL is not set (Keycloak not installed: bash tools/keycloak/install.sh)')('Keycloak test realm (KEYCLOAK_URL)', () => {
  const realm = keycloak!;

  it('gives the staff user an RS256 access token with email, verified flag, staff role and audience', async () => {
    const { access_token } = await realm.userToken('staff');

    const { header, payload } = decode(access_token);
    expect(header.alg).toBe('RS256');
    expect(payload).toMatchObject({
      iss: realm.issuer,
      email: TEST_USERS.staff.email,
      email_verified: true,
      realm_access: { roles: expect.arrayContaining([STAFF_ROLE]) },
    });
    expect([payload.aud].flat()).toContain(TOKEN_AUDIENCE);
    expect(await verifiedByJwks(realm, access_token)).toBe(true);
  });

  it('tells ordinary users from staff, and an unverified email from a verified one', async () => {
    const alice = decode((await realm.userToken('alice')).access_token).payload;
    const carol = decode((await realm.userToken('carol')).access_token).payload;

    expect(alice).toMatchObject({ email: TEST_USERS.alice.email, email_verified: true });
    expect((alice.realm_access as { roles: string[] }).roles).not.toContain(STAFF_ROLE);
    expect(carol).toMatchObject({ email: TEST_USERS.carol.email, email_verified: false });
  });

  it('refuses a wrong password', async () => {
    await expect(realm.userToken('alice', 'not-her-password')).rejects.toThrow(/invalid_grant/);
  });

  it('gives the backend client a client-credentials token for the tenancy audience', async () => {
    const { access_token } = await realm.serviceToken();

    const { header, payload } = decode(access_token);
    expect(header.alg).toBe('RS256');
    expect([payload.aud].flat()).toContain(TOKEN_AUDIENCE);
    expect(payload.azp).toBe('tenancy-backend');
    expect(await verifiedByJwks(realm, access_token)).toBe(true);
  });

  it('signs new tokens with a new published key after a rotation; a disabled key leaves the JWKS', async () => {
    const underFirstKey = await realm.userToken('staff');

    const first = await realm.rotateSigningKey(); // the previous key stays published, outranked
    const underSecondKey = await realm.userToken('staff');

    expect(decode(underFirstKey.access_token).header.kid).toBe(first.previousKid);
    expect(decode(underSecondKey.access_token).header.kid).toBe(first.newKid);
    expect(first.newKid).not.toBe(first.previousKid);
    expect(await verifiedByJwks(realm, underSecondKey.access_token)).toBe(true);
    expect(await verifiedByJwks(realm, underFirstKey.access_token)).toBe(true);

    const second = await realm.rotateSigningKey('disable');
    const underThirdKey = await realm.userToken('staff');

    expect(second.previousKid).toBe(first.newKid);
    expect(decode(underThirdKey.access_token).header.kid).toBe(second.newKid);
    expect(await verifiedByJwks(realm, underThirdKey.access_token)).toBe(true);
    expect(await verifiedByJwks(realm, underSecondKey.access_token)).toBe('no such kid');
    expect(await verifiedByJwks(realm, underFirstKey.access_token)).toBe(true); // only the second key was disabled
  });
});
