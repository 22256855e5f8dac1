import type { User, UserManager } from 'oidc-client-ts';
import type { ConsoleSettings } from './settings';
import { currentSession, renewToken, signIn, signOut, subscribe, whoIs } from './session';
import { afterRenewalFailure, renewInSeconds } from './renewal';
import { codeExchangeFailure, PROVIDER_UNAVAILABLE, providerUnreachable } from './sign-in-failures';
import { expiredReason } from './token-expiry';

type Oidc = Extract<ConsoleSettings, { signIn: 'oidc' }>;

/**
 * Authorization Code with PKCE against AUTH_ISSUER. oidc-client-ts is loaded only when an issuer
 * is configured, so the token-pasting default does not download it. Tokens (the refresh token
 * too) go to an in-memory store; only the PKCE verifier and state survive the round trip to the
 * issuer, in sessionStorage, and are removed when the issuer sends the person back. One manager
 * per tab: it holds the signed-in user, whose refresh token renews the access token.
 */
let manager: Promise<UserManager> | null = null;

function userManager(settings: Oidc): Promise<UserManager> {
  manager ??= import('oidc-client-ts').then(({ UserManager, WebStorageStateStore, InMemoryWebStorage }) => new UserManager({
    authority: settings.issuer,
    client_id: settings.clientId,
    redirect_uri: `${location.origin}/console/`,
    post_logout_redirect_uri: `${location.origin}/console/`,
    response_type: 'code',
    scope: settings.scope,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    // Renewed by keepRenewing, on a schedule that suits short-lived tokens too.
    automaticSilentRenew: false,
  }));
  return manager;
}

/**
 * The issuer and ID token of this tab's OIDC sign-in, in memory only like the access token: what
 * Sign out needs to end the session at the issuer too.
 */
let signedInAt: { settings: Oidc; idToken: string | undefined } | null = null;

export async function startOidcSignIn(settings: Oidc): Promise<void> {
  try {
    await (await userManager(settings)).signinRedirect();
  } catch (error) {
    throw providerUnreachable(error, settings, location.origin);
  }
}

/** True when this page load is the issuer sending the person back with a code, or with an error instead. */
export const isOidcCallback = () => {
  const params = new URLSearchParams(location.search);
  return params.has('state') && (params.has('code') || params.has('error'));
};

/** True when this page load is the issuer sending the person back after signing out there (only `state`). */
export const isOidcLogoutCallback = () => {
  const params = new URLSearchParams(location.search);
  return params.has('state') && !params.has('code') && !params.has('error');
};

/** Trades the code for tokens, signs in as the API reads the access token and takes the code out of the address bar. */
export async function finishOidcSignIn(settings: Oidc): Promise<void> {
  try {
    const user = await (await userManager(settings)).signinRedirectCallback()
      .catch((error: unknown) => { throw codeExchangeFailure(error, settings, location.origin); });
    const answer = await whoIs(user.access_token);
    if ('who' in answer) {
      signIn(user.access_token, { ...answer.who, email: answer.who.email ?? (user.profile.email as string | undefined) ?? null });
      signedInAt = { settings, idToken: user.id_token };
      keepRenewing(settings, user);
    } else if (answer.status === 503 && answer.code === 'service.unavailable') {
      // Not signed out: the token may be fine, the service cannot check it yet.
      throw new Error(PROVIDER_UNAVAILABLE);
    } else signOut((answer.status === 401 ? expiredReason(user.access_token, answer.at) : null) ?? answer.detail ?? 'The service did not answer.');
  } finally {
    history.replaceState(null, '', `${location.pathname}${location.hash}`);
  }
}

/**
 * The issuer sent the browser back after signing out there, with the `state` of that request: it is
 * read (and its entry dropped from sessionStorage), and taken out of the address bar, where it would
 * otherwise stay for the next sign-in to trip over.
 */
export async function finishOidcLogout(settings: Oidc): Promise<void> {
  try {
    await (await userManager(settings)).signoutRedirectCallback();
  } catch { /* a state of another tab or an old one: nothing to finish, the address is cleaned all the same */ }
  finally {
    history.replaceState(null, '', `${location.pathname}${location.hash}`);
  }
}

/**
 * Renews the access token with the refresh token (the provider's token endpoint, no page load)
 * before it expires, for as long as this sign-in lasts, so a person at work is not signed out
 * with every expiry (Keycloak's tokens live 5 minutes). The API reads only the newest token. If
 * the provider refuses, the person is signed out and told why, as on expiry; if it does not answer
 * (or answers 5xx), renewing is tried again after a pause while the current token lasts
 * (afterRenewalFailure). Without a refresh token nothing is renewed and the token's expiry signs
 * out, as before.
 */
function keepRenewing(settings: Oidc, first: User): void {
  if (!first.refresh_token) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = 0;
  let renewing = false;
  /** Failed renewals in a row, and when the token now in use expires (ms, this browser's clock). */
  let failures = 0;
  let expiresAtMs = (first.expires_at ?? 0) * 1000;
  const stop = () => {
    clearTimeout(timer);
    unsubscribe();
    document.removeEventListener('visibilitychange', overdue);
    // The refresh token goes with the session it renewed.
    void userManager(settings).then((users) => users.removeUser());
  };
  const after = (ms: number) => {
    due = Date.now() + ms;
    timer = setTimeout(renew, ms);
  };
  const schedule = (user: User) => after(renewInSeconds(user.expires_in ?? 0) * 1000);
  async function renew() {
    if (renewing) return;
    renewing = true;
    clearTimeout(timer);
    try {
      const user = await (await userManager(settings)).signinSilent();
      if (!user || !currentSession()) return;
      renewToken(user.access_token);
      if (signedInAt && user.id_token) signedInAt.idToken = user.id_token;
      failures = 0;
      expiresAtMs = (user.expires_at ?? 0) * 1000;
      schedule(user);
    } catch (error) {
      if (!currentSession()) return;
      failures += 1;
      const next = afterRenewalFailure(error, { issuer: settings.issuer, failures, nowMs: Date.now(), expiresAtMs });
      if ('retryInMs' in next) return after(next.retryInMs);
      stop();
      signOut(next.signOut);
    } finally {
      renewing = false;
    }
  }
  // A hidden tab's timers may be held back; coming back to it renews at once if one was due.
  function overdue() {
    if (document.visibilityState === 'visible' && Date.now() >= due) void renew();
  }
  // Signing out (by hand, or on a refused token) ends the renewing.
  const unsubscribe = subscribe(() => { if (!currentSession()) stop(); });
  document.addEventListener('visibilitychange', overdue);
  schedule(first);
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
    const users = await userManager(ended.settings);
    await users.removeUser();
    await users.signoutRedirect({
      id_token_hint: ended.idToken, client_id: ended.settings.clientId, post_logout_redirect_uri: `${location.origin}/console/`,
    } as Parameters<UserManager['signoutRedirect']>[0] & { client_id: string });
    return true;
  } catch {
    return false;
  }
}
