import { readConfig } from './config';

describe('Configuration', () => {
  it('given no AUTH_CLOCK_SKEW_S, then bearer tokens get 60 s of clock skew', () => {
    expect(readConfig({}).authClockSkewSeconds).toBe(60);
  });

  it('given AUTH_CLOCK_SKEW_S, then it is taken, 0 included', () => {
    expect(readConfig({ AUTH_CLOCK_SKEW_S: '0' }).authClockSkewSeconds).toBe(0);
    expect(readConfig({ AUTH_CLOCK_SKEW_S: '300' }).authClockSkewSeconds).toBe(300);
  });

  it.each(['-1', '1.5', 'sixty', ''])('given AUTH_CLOCK_SKEW_S=%j, then start-up refuses it, naming it', (value) => {
    expect(() => readConfig({ AUTH_CLOCK_SKEW_S: value })).toThrow(/AUTH_CLOCK_SKEW_S/);
  });
});

describe('Configuration: the bench baseline routes', () => {
  it('given no BENCH_ROUTES, then they are not mounted', () => {
    expect(readConfig({}).benchRoutes).toBe(false);
  });

  it('given BENCH_ROUTES=true outside production, then they are mounted', () => {
    expect(readConfig({ BENCH_ROUTES: 'true' }).benchRoutes).toBe(true);
  });

  it('given BENCH_ROUTES=true in production, then start-up refuses it, naming it', () => {
    expect(() => readConfig({ BENCH_ROUTES: 'true', NODE_ENV: 'production' })).toThrow(/BENCH_ROUTES/);
  });
});

describe('Configuration of bearer tokens from an OpenID Connect provider', () => {
  const provider = { AUTH_ISSUER: 'https://sso.acme.example/realms/acme', AUTH_AUDIENCE: 'tenancy' };

  it('given no AUTH_ISSUER, then tokens are HS256 and the staff claim is `staff`, the email claim `email`', () => {
    const config = readConfig({});
    expect(config.oidc).toBeUndefined();
    expect(config.claims).toEqual({ staffClaim: 'staff', staffValue: undefined, emailClaim: 'email' });
  });

  it('given AUTH_ISSUER and AUTH_AUDIENCE, then the keys come from discovery unless AUTH_JWKS_URL names them', () => {
    expect(readConfig(provider).oidc).toEqual({ issuer: provider.AUTH_ISSUER, audience: 'tenancy', jwksUrl: undefined });
    const jwksUrl = 'https://sso.acme.example/keys';
    expect(readConfig({ ...provider, AUTH_JWKS_URL: jwksUrl }).oidc?.jwksUrl).toBe(jwksUrl);
  });

  it('given the variables set but empty (as docker compose passes them), then they count as unset', () => {
    const empty = { AUTH_ISSUER: '', AUTH_AUDIENCE: '', AUTH_JWKS_URL: '', AUTH_STAFF_CLAIM: '', AUTH_STAFF_VALUE: '', AUTH_EMAIL_CLAIM: '' };
    expect(readConfig(empty)).toMatchObject({ oidc: undefined, claims: { staffClaim: 'staff', staffValue: undefined, emailClaim: 'email' } });
  });

  it('given AUTH_ISSUER without AUTH_AUDIENCE, then start-up refuses and says what to set', () => {
    expect(() => readConfig({ AUTH_ISSUER: provider.AUTH_ISSUER })).toThrow(/AUTH_ISSUER is set without AUTH_AUDIENCE/);
  });

  it.each([
    [{ AUTH_ISSUER: 'sso.acme.example' , AUTH_AUDIENCE: 'tenancy' }, /AUTH_ISSUER must be an http\(s\) URL/],
    [{ ...provider, AUTH_JWKS_URL: 'ftp://sso.acme.example/keys' }, /AUTH_JWKS_URL must be an http\(s\) URL/],
    [{ AUTH_AUDIENCE: 'tenancy' }, /need AUTH_ISSUER/],
    [{ AUTH_STAFF_CLAIM: 'realm_access..roles' }, /AUTH_STAFF_CLAIM must be a claim name or a dotted path/],
    [{ AUTH_EMAIL_CLAIM: ' ' }, /AUTH_EMAIL_CLAIM must be the name of a claim/],
  ])('given %j, then start-up refuses it, naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  it('given realm roles as the staff claim, then they are read as configured', () => {
    const config = readConfig({ ...provider, AUTH_STAFF_CLAIM: 'realm_access.roles', AUTH_STAFF_VALUE: 'platform-staff', AUTH_EMAIL_CLAIM: 'upn' });
    expect(config.claims).toEqual({ staffClaim: 'realm_access.roles', staffValue: 'platform-staff', emailClaim: 'upn' });
  });

  it('given AUTH_ISSUER, then the console signs in there as CONSOLE_OIDC_CLIENT_ID (default tenancy-console)', () => {
    expect(readConfig(provider).consoleOidcClientId).toBe('tenancy-console');
    expect(readConfig({ ...provider, CONSOLE_OIDC_CLIENT_ID: 'acme-console' }).consoleOidcClientId).toBe('acme-console');
  });
});
