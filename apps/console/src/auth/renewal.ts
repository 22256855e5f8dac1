/**
 * When to renew an access token, from the seconds it has left: a minute before it expires (Keycloak's
 * default 5-minute tokens renew after 4), or at three quarters of its life when that is shorter than
 * four minutes, so a short-lived token is renewed once per life, not in a loop. Never before a second.
 * Pure, so it is tested without a browser (test/renewal.spec.ts).
 */
export function renewInSeconds(expiresIn: number): number {
  return Math.max(1, expiresIn - Math.min(60, expiresIn / 4));
}

/** What to do after a renewal failed: try again after a pause, or sign the person out and tell them why. */
export type AfterRenewalFailure = { retryInMs: number } | { signOut: string };

/** Pauses before the 1st, 2nd, 3rd… retry; the last one repeats. A minute left (the usual) allows about six tries. */
const BACK_OFF_MS = [2_000, 5_000, 10_000, 20_000];
/** A token with less than this left is treated as expired: a retry could not finish in time to be of use. */
const LAST_MOMENT_MS = 1_000;

/**
 * After the `failures`-th failed renewal in a row: a refusal by the provider (invalid_grant: its
 * session ended or expired) signs out at once, as retrying cannot help. No answer, a timeout or a
 * 5xx (a provider restarting, a proxy in between) is tried again after a growing pause, for as long
 * as the current access token is still good (`expiresAtMs`, by this browser's clock like `nowMs`),
 * so a network hiccup does not sign a person at work out; once it has expired, they are signed out.
 * Pure (the clock comes in), so it is tested without a browser (test/renewal.spec.ts).
 */
export function afterRenewalFailure(
  error: unknown,
  { issuer, failures, nowMs, expiresAtMs }: { issuer: string; failures: number; nowMs: number; expiresAtMs: number },
): AfterRenewalFailure {
  if (!isTransient(error)) return { signOut: renewalFailedReason(issuer, error) };
  const left = expiresAtMs - nowMs;
  if (left <= LAST_MOMENT_MS) {
    return { signOut: `your sign-in at ${host(issuer)} expired: it could not be renewed in time (${cause(error)}). Sign in again.` };
  }
  const pause = BACK_OFF_MS[Math.min(Math.max(failures, 1), BACK_OFF_MS.length) - 1];
  return { retryInMs: Math.min(pause, left - LAST_MOMENT_MS) };
}

/**
 * True for failures that say nothing about the refresh token: fetch's TypeError (no answer),
 * oidc-client-ts's ErrorTimeout, a 5xx (its message ends in "(503)" or "(502): {…}"), an OAuth
 * `server_error`/`temporarily_unavailable`, or a body that is not JSON (a proxy's error page: the
 * token endpoint itself answers JSON). Everything else, above all the provider's 4xx OAuth errors
 * (invalid_grant), is a refusal.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  if (!(error instanceof Error)) return false;
  if (error.name === 'ErrorTimeout') return true;
  if (error.name === 'ErrorResponse') {
    const code = (error as Error & { error?: unknown }).error;
    return code === 'server_error' || code === 'temporarily_unavailable';
  }
  return /\(5\d\d\)(:|$)/.test(error.message) || error.message.startsWith('Invalid response Content-Type');
}

/** Why the person was signed out when the identity provider would not renew their token. */
export function renewalFailedReason(issuer: string, error: unknown): string {
  return `your sign-in at ${host(issuer)} could not be renewed (${cause(error)}). Sign in again.`;
}

const host = (issuer: string) => new URL(issuer).host;

const cause = (error: unknown) => error instanceof TypeError ? 'it did not answer'
  : error instanceof Error && error.name === 'ErrorTimeout' ? 'it did not answer in time'
  : error instanceof Error && error.message ? error.message : 'it refused';
