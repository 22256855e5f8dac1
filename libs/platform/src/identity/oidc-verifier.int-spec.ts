import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readConfig } from '../config';
import { signJwt } from '../jwt';
import { OidcVerifier } from './oidc-verifier';
import { SigningKeysUnavailable, TokenRefused } from './token-refused';

/**
 * The OpenID Connect verifier against a tiny identity provider of our own on loopback: a discovery
 * document and a JWKS we can change, with keys of every algorithm the service accepts.
 */
const AUDIENCE = 'tenancy';
const SKEW_S = 60;

interface SigningKey { kid: string; alg: string; privateKey: CryptoKey; jwk: JWK }

async function signingKey(alg: string, kid = `${alg}-key`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** Serves /.well-known/openid-configuration and /keys; counts the key fetches. */
class LocalProvider {
  keys: JWK[] = [];
  keyFetches = 0;
  down = false;
  private constructor(private readonly server: Server, readonly issuer: string) {}

  static async start(): Promise<LocalProvider> {
    let provider: LocalProvider | undefined;
    const server = createServer((request, response) => {
      const answer = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (provider!.down) return answer(503, {});
      if (request.url === '/.well-known/openid-configuration') return answer(200, { issuer: provider!.issuer, jwks_uri: `${provider!.issuer}/keys` });
      if (request.url === '/keys') {
        provider!.keyFetches += 1;
        return answer(200, { keys: provider!.keys });
      }
      return answer(404, {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    provider = new LocalProvider(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return provider;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('Bearer tokens of an OpenID Connect provider (local JWKS)', () => {
  let provider: LocalProvider;
  let nowMs: number;
  const clock = { now: () => new Date(nowMs) };
  const nowS = () => Math.floor(nowMs / 1000);

  beforeAll(async () => { provider = await LocalProvider.start(); });
  afterAll(() => provider.stop());
  beforeEach(() => { nowMs = Date.parse('2026-06-01T10:00:00Z'); provider.keys = []; provider.keyFetches = 0; provider.down = false; });

  const verifier = (env: Record<string, string> = {}, warn: (message: string) => void = () => undefined) => {
    const config = readConfig({ AUTH_ISSUER: provider.issuer, AUTH_AUDIENCE: AUDIENCE, ...env });
    return new OidcVerifier(config.oidc!, SKEW_S, config.claims, clock, { warn });
  };

  const token = (key: SigningKey, claims: Record<string, unknown> = {}) => new SignJWT({
    iss: provider.issuer, aud: AUDIENCE, sub: 'user-1', iat: nowS(), exp: nowS() + 300, ...claims,
  }).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);

  it.each(['RS256', 'PS256', 'ES256', 'EdDSA'])('given a %s token of the issuer, then it proves its subject; keys found through discovery', async (alg) => {
    const key = await signingKey(alg);
    provider.keys = [key.jwk];

    const caller = await verifier().verify(await token(key, { email: 'nina@acme.example', email_verified: true, scope: 'openid tenancy.verify' }));

    expect(caller).toEqual({
      actor: { userId: 'user-1', staff: false, email: 'nina@acme.example', emailVerified: true }, scopes: ['openid', 'tenancy.verify'],
    });
  });

  it('given AUTH_JWKS_URL, then the keys are fetched from there', async () => {
    const key = await signingKey('ES256');
    provider.keys = [key.jwk];
    expect(await verifier({ AUTH_JWKS_URL: `${provider.issuer}/keys` }).verify(await token(key))).toMatchObject({ actor: { userId: 'user-1' } });
  });

  it('given HS256 tokens, whether signed with some secret or with the provider\'s public key as the secret, then they prove nothing', async () => {
    const key = await signingKey('RS256');
    provider.keys = [key.jwk];
    const claims = { iss: provider.issuer, aud: AUDIENCE, sub: 'user-1', staff: true, exp: nowS() + 300 };
    const oidc = verifier();

    expect(await oidc.verify(signJwt(claims, 'any-secret-at-all-any-secret-at-all'))).toBeNull();
    expect(await oidc.verify(signJwt(claims, key.jwk.n!))).toBeNull();
    expect(await oidc.verify(signJwt(claims, JSON.stringify(key.jwk)))).toBeNull();
  });

  it('given tokens for another audience, of another issuer, expired, not yet valid, issued in the future or without exp, then they prove nothing', async () => {
    const key = await signingKey('ES256');
    provider.keys = [key.jwk];
    const oidc = verifier();

    expect(await oidc.verify(await token(key, { aud: 'another-service' }))).toBeNull();
    expect(await oidc.verify(await token(key, { iss: 'https://sso.elsewhere.example' }))).toBeNull();
    expect(await oidc.verify(await token(key, { exp: nowS() - SKEW_S - 1 }))).toBeNull();
    expect(await oidc.verify(await token(key, { nbf: nowS() + SKEW_S + 1 }))).toBeNull();
    expect(await oidc.verify(await token(key, { iat: nowS() + SKEW_S + 1 }))).toBeNull();
    expect(await oidc.verify(await token(key, { exp: undefined }))).toBeNull();
    // Within the allowed skew, each of them passes.
    expect(await oidc.verify(await token(key, { exp: nowS() - SKEW_S + 1, nbf: nowS() + SKEW_S - 1, iat: nowS() + SKEW_S - 1 }))).not.toBeNull();
  });

  it('given a refused token, then the refusal says which check failed: short for the client, the values compared for the log', async () => {
    const key = await signingKey('ES256');
    provider.keys = [key.jwk];
    const oidc = verifier();
    const refusal = async (claims: Record<string, unknown>, signWith = key) => {
      const result = await oidc.check(await token(signWith, claims));
      expect(result).toBeInstanceOf(TokenRefused);
      return result as TokenRefused;
    };

    expect(await refusal({ aud: ['account', 'other'] })).toEqual(new TokenRefused('audience mismatch', 'audience mismatch: token aud ["account","other"], AUTH_AUDIENCE tenancy'));
    expect(await refusal({ iss: 'http://localhost:8080/realms/x' })).toEqual(new TokenRefused('issuer mismatch', `issuer mismatch: token iss "http://localhost:8080/realms/x", AUTH_ISSUER ${provider.issuer}`));
    expect(await refusal({ exp: nowS() - SKEW_S - 1 })).toMatchObject({ reason: 'expired', detail: expect.stringContaining(`expired at ${new Date((nowS() - SKEW_S - 1) * 1000).toISOString()}`) });
    expect(await refusal({ nbf: nowS() + SKEW_S + 1 })).toMatchObject({ reason: 'not yet valid' });
    expect(await refusal({}, await signingKey('ES256', 'made-up'))).toEqual(new TokenRefused('unknown signing key', `no key with kid "made-up" for alg "ES256" in the JWKS of ${provider.issuer}`));
    const forged = (await token(key)).split('.').map((part, i) => (i === 2 ? part.slice(0, -4) + 'AAAA' : part)).join('.');
    expect(await oidc.check(forged)).toMatchObject({ reason: 'bad signature' });
    // A cached token's refusal after expiry says so too.
    const valid = await token(key);
    expect(await oidc.check(valid)).not.toBeInstanceOf(TokenRefused);
    nowMs += (300 + SKEW_S) * 1000;
    expect(await oidc.check(valid)).toMatchObject({ reason: 'expired' });
  });

  it('given an ID token (claim typ "ID") or a header typ other than JWT or at+jwt, then it is no access token and proves nothing; Bearer / at+jwt / no typ do', async () => {
    const key = await signingKey('ES256');
    provider.keys = [key.jwk];
    const oidc = verifier();
    const withHeaderTyp = (typ: string | undefined, claims: Record<string, unknown> = {}) => new SignJWT({
      iss: provider.issuer, aud: AUDIENCE, sub: 'user-1', iat: nowS(), exp: nowS() + 300, ...claims,
    }).setProtectedHeader({ alg: key.alg, kid: key.kid, ...(typ === undefined ? {} : { typ }) }).sign(key.privateKey);

    expect(await oidc.check(await token(key, { typ: 'ID' }))).toMatchObject({ reason: 'not an access token', detail: expect.stringContaining('ID token') });
    for (const typ of ['logout+jwt', 'dpop+jwt', 'secevent+jwt', 'JOSE']) {
      expect(await oidc.check(await withHeaderTyp(typ))).toMatchObject({ reason: 'not an access token' });
    }
    // Keycloak's access tokens: header JWT, claim Bearer. RFC 9068's at+jwt in either spelling, and no typ at all.
    expect(await oidc.verify(await token(key, { typ: 'Bearer' }))).toMatchObject({ actor: { userId: 'user-1' } });
    for (const typ of ['at+jwt', 'application/at+JWT', 'jwt', undefined]) {
      expect(await oidc.verify(await withHeaderTyp(typ))).toMatchObject({ actor: { userId: 'user-1' } });
    }
  });

  it('given a token without kid while the provider publishes two keys of its algorithm (a rotation), then whichever key signed it vouches for it; a key of neither does not', async () => {
    const [current, next, stranger] = [await signingKey('ES256', 'current'), await signingKey('ES256', 'next'), await signingKey('ES256', 'stranger')];
    provider.keys = [current.jwk, next.jwk];
    const oidc = verifier();
    const withoutKid = (key: SigningKey, claims: Record<string, unknown> = {}) => new SignJWT({
      iss: provider.issuer, aud: AUDIENCE, sub: 'user-1', iat: nowS(), exp: nowS() + 300, ...claims,
    }).setProtectedHeader({ alg: key.alg, typ: 'JWT' }).sign(key.privateKey);

    expect(await oidc.verify(await withoutKid(current))).toMatchObject({ actor: { userId: 'user-1' } });
    expect(await oidc.verify(await withoutKid(next))).toMatchObject({ actor: { userId: 'user-1' } });
    expect(await oidc.check(await withoutKid(stranger))).toMatchObject({ reason: 'bad signature' });
    // Once a candidate key verifies the signature, the claims are checked as usual.
    expect(await oidc.check(await withoutKid(next, { aud: 'another-service' }))).toMatchObject({ reason: 'audience mismatch' });
  });

  it('given a valid token, when the clock passes its expiry and the skew, then it is refused', async () => {
    const key = await signingKey('PS256');
    provider.keys = [key.jwk];
    const oidc = verifier();
    const valid = await token(key);

    expect(await oidc.verify(valid)).not.toBeNull();
    nowMs += (300 + SKEW_S) * 1000;
    expect(await oidc.verify(valid)).toBeNull();
  });

  it('given staff and email claims configured for realm roles, then staff and email come from them', async () => {
    const key = await signingKey('RS256');
    provider.keys = [key.jwk];
    const oidc = verifier({ AUTH_STAFF_CLAIM: 'realm_access.roles', AUTH_STAFF_VALUE: 'platform-staff', AUTH_EMAIL_CLAIM: 'upn' });

    const staff = await oidc.verify(await token(key, { realm_access: { roles: ['platform-staff'] }, upn: 'sam@acme.example', staff: false }));
    const user = await oidc.verify(await token(key, { realm_access: { roles: ['offline_access'] }, staff: true }));

    expect(staff?.actor).toEqual({ userId: 'user-1', staff: true, email: 'sam@acme.example' });
    expect(user?.actor).toEqual({ userId: 'user-1', staff: false });
  });

  it('given the provider rotates its keys, then a token of the new key is verified after the cooldown without a restart, and the removed key stops working', async () => {
    const [oldKey, newKey] = [await signingKey('RS256', 'old'), await signingKey('ES256', 'new')];
    provider.keys = [oldKey.jwk];
    const oidc = verifier();
    const underOldKey = await token(oldKey);
    expect(await oidc.verify(underOldKey)).not.toBeNull();
    expect(provider.keyFetches).toBe(1);

    provider.keys = [newKey.jwk];
    const underNewKey = await token(newKey);
    // Within the cooldown of the last fetch an unknown kid fetches nothing: made-up kids cannot flood the provider.
    nowMs += 29_000;
    for (let i = 0; i < 5; i++) expect(await oidc.verify(underNewKey)).toBeNull();
    expect(provider.keyFetches).toBe(1);

    nowMs += 1_000;
    expect(await oidc.verify(underNewKey)).toMatchObject({ actor: { userId: 'user-1' } });
    expect(provider.keyFetches).toBe(2);
    expect(await oidc.verify(underOldKey)).toBeNull();
    expect(await oidc.verify(underNewKey)).not.toBeNull();
    expect(provider.keyFetches).toBe(2);
  });

  it('given the provider is down at first, then checking throws SigningKeysUnavailable (not the token\'s fault), asks again after 2 s (not the 30 s cooldown), and verifies once it is back', async () => {
    const key = await signingKey('EdDSA');
    provider.keys = [key.jwk];
    provider.down = true;
    const warnings: string[] = [];
    const oidc = verifier({ AUTH_JWKS_URL: `${provider.issuer}/keys` }, (message) => warnings.push(message));
    const valid = await token(key);

    await expect(oidc.verify(valid)).rejects.toThrow(SigningKeysUnavailable);
    expect(warnings).toEqual([`Could not fetch the signing keys of ${provider.issuer} (${provider.issuer}/keys): ${provider.issuer}/keys answered 503; no token can be checked until a fetch succeeds`]);
    provider.down = false;
    // Within the retry wait nothing is asked: tokens cannot make us hammer a provider that is down.
    nowMs += 1_999;
    await expect(oidc.verify(valid)).rejects.toThrow(SigningKeysUnavailable);
    expect(provider.keyFetches).toBe(0);

    nowMs += 1;
    expect(await oidc.verify(valid)).toMatchObject({ actor: { userId: 'user-1' } });
    expect(provider.keyFetches).toBe(1);
  });

  it('given a provider address where nothing listens, then the warning names the address and the cause (ECONNREFUSED), not just "fetch failed"', async () => {
    const key = await signingKey('ES256');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/keys`;
    await new Promise((resolve) => closed.close(resolve));
    const warnings: string[] = [];
    const oidc = verifier({ AUTH_JWKS_URL: jwksUrl }, (message) => warnings.push(message));

    await expect(oidc.verify(await token(key))).rejects.toThrow(SigningKeysUnavailable);
    expect(warnings[0]).toContain(`(${jwksUrl})`);
    expect(warnings[0]).toContain('ECONNREFUSED');
  });

  it('given keys older than their maximum age and the provider down, then the keys we had stay in use', async () => {
    const key = await signingKey('ES256');
    provider.keys = [key.jwk];
    const oidc = verifier();
    expect(await oidc.verify(await token(key))).not.toBeNull();

    provider.down = true;
    nowMs += 11 * 60_000;
    expect(await oidc.verify(await token(key))).toMatchObject({ actor: { userId: 'user-1' } });
  });
});
