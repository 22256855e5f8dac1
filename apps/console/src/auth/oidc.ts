import type { UserManager } from 'oidc-client-ts';
import type { ConsoleSettings } from './settings';
import { signIn, signOut, whoIs } from './session';
import { expiredReason } from './token-expiry';

type Oidc = Extract<ConsoleSettings, { signIn: 'oidc' }>;

/**
 * Authorization Code with PKCE against AUTH_ISSUER. oidc-client-ts is loaded only when an issuer
 * is configured, so the token-pasting default does not download it. Tokens go to an in-memory
 * store; only the PKCE verifier and state survive the round trip to the issuer, in
 * sessionStorage, and are removed when the issuer sends the person back.
 */
async function userManager(settings: Oidc): Promise<UserManager> {
  const { UserManager, WebStorageStateStore, InMemoryWebStorage } = await import('oidc-client-ts');
  return new UserManager({
    authority: settings.issuer,
    client_id: settings.clientId,
    redirect_uri: `${location.origin}/console/`,
    post_logout_redirect_uri: `${location.origin}/console/`,
    response_type: 'code',
    scope: settings.scope,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: false,
  });
}

/**
 * The issuer and ID token of this tab's OIDC sign-in, in memory only like the access token: what
 * Sign out needs to end the session at the issuer too.
 */
let signedInAt: { settings: Oidc; idToken: string | undefined } | null = null;

export async function startOidcSignIn(settings: Oidc): Promise<void> {
  await (await userManager(settings)).signinRedirect();
}

/** True when this page load is the issuer sending the person back with a code. */
export const isOidcCallback = () => {
  const params = new URLSearchParams(location.search);
  return params.has('code') && params.has('state');
};

/** Trades the code for tokens, signs in as the API reads the access token and takes the code out of the address bar. */
export async function finishOidcSignIn(settings: Oidc): Promise<void> {
  try {
    const user = await (await userManager(settings)).signinRedirectCallback();
    const answer = await whoIs(user.access_token);
    if ('who' in answer) {
      signIn(user.access_token, { ...answer.who, email: answer.who.email ?? (user.profile.email as string | undefined) ?? null });
      signedInAt = { settings, idToken: user.id_token };
    } else signOut((answer.status === 401 ? expiredReason(user.access_token, answer.at) : null) ?? answer.detail ?? 'The service did not answer.');
  } finally {
    history.replaceState(null, '', `${location.pathname}${location.hash}`);
  }
}

/**
 * Ends the person's session at the issuer too (RP-initiated logout), when they signed in there
 * and its discovery document names an `end_session_endpoint`: otherwise the issuer's own session
 * cookie would sign the next "Sign in" straight back in as the same person, no password asked
 * (on a shared computer, "Sign out" would not be one). The issuer sends the browser back to the
 * console, which must be allowed as a post-logout redirect URI at the issuer. False when there
 * was nothing to end or the issuer offers no logout: then only the console's session ended.
 */
export async function endOidcSession(): Promise<boolean> {
  const ended = signedInAt;
  signedInAt = null;
  if (!ended) return false;
  try {
    await (await userManager(ended.settings)).signoutRedirect({
      id_token_hint: ended.idToken, client_id: ended.settings.clientId, post_logout_redirect_uri: `${location.origin}/console/`,
    } as Parameters<UserManager['signoutRedirect']>[0] & { client_id: string });
    return true;
  } catch {
    return false;
  }
}
