/**
 * When to renew an access token, from the seconds it has left: a minute before it expires (Keycloak's
 * default 5-minute tokens renew after 4), or at three quarters of its life when that is shorter than
 * four minutes, so a short-lived token is renewed once per life, not in a loop. Never before a second.
 * Pure, so it is tested without a browser (test/renewal.spec.ts).
 */
export function renewInSeconds(expiresIn: number): number {
  return Math.max(1, expiresIn - Math.min(60, expiresIn / 4));
}

/** Why the person was signed out when the identity provider would not renew their token. */
export function renewalFailedReason(issuer: string, error: unknown): string {
  const cause = error instanceof TypeError ? 'it did not answer'
    : error instanceof Error && error.message ? error.message : 'it refused';
  return `your sign-in at ${new URL(issuer).host} could not be renewed (${cause}). Sign in again.`;
}
