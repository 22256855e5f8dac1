// A real OpenID Provider (oidc-provider, with its development login pages) for the console's
// sign-in test: any login name and password sign in as that user, whose email is <login>@acme.example.
// Usage: node oidc-issuer.mjs <port> <console redirect URI> <client id>
import Provider from 'oidc-provider';

const [port, redirectUri, clientId] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId, token_endpoint_auth_method: 'none', application_type: 'web',
    redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'],
  }],
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: `${id}@acme.example`, email_verified: true }),
  }),
  cookies: { keys: ['tenancy-console-test'] },
});
provider.listen(Number(port), '127.0.0.1', () => console.log(`issuer ready at ${issuer}`));
