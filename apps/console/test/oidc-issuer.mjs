// A real OpenID Provider (oidc-provider, with its development login pages) for the console's
// sign-in test: any login name and password sign in as that user, whose email is <login>@acme.example
// (and who holds the role platform-staff when the login starts with `staff-`).
// Access tokens are JWTs for the audience <audience> (RS256, keys at /jwks), as the service expects them.
// Usage: node oidc-issuer.mjs <port> <console redirect URI> <client id> <audience>
import Provider from 'oidc-provider';

const [port, redirectUri, clientId, audience] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId, token_endpoint_auth_method: 'none', application_type: 'web',
    redirect_uris: [redirectUri], post_logout_redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'],
  }],
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  features: {
    // Every authorization is for the tenancy API: its access token is a JWT naming it in `aud`.
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:tenancy:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'tenancy', audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  // Logins starting with "staff-" hold the realm-style role the service is configured to read.
  extraTokenClaims: (_ctx, token) => ({
    email: `${token.accountId}@acme.example`, email_verified: true,
    roles: token.accountId.startsWith('staff-') ? ['platform-staff'] : [],
  }),
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: `${id}@acme.example`, email_verified: true }),
  }),
  cookies: { keys: ['tenancy-console-test'] },
});
provider.listen(Number(port), '127.0.0.1', () => console.log(`issuer ready at ${issuer}`));
