import type { Actor } from '@tenancy/domain';
import type { Caller } from './token-verifier';
import type { ClaimRules } from '../config';

/**
 * The value at a claim path (AUTH_STAFF_CLAIM, AUTH_EMAIL_CLAIM): a top-level claim of that exact
 * name first (providers such as Auth0 name claims by URL, dots included), else the dotted path
 * through nested objects (`realm_access.roles` in Keycloak's tokens). The top-level name wins even
 * when the path also leads somewhere: only signed claims are read, and one rule for both settings
 * is one rule to document.
 */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * Staff when the staff claim is `true`, or is an array holding AUTH_STAFF_VALUE. Anything else
 * (a string "true", an array without that value, an array when no value is configured) is not:
 * a claim the operator did not mean cannot make someone staff.
 */
export function isStaff(claims: Record<string, unknown>, rules: ClaimRules): boolean {
  const value = claimAt(claims, rules.staffClaim);
  if (value === true) return true;
  return Array.isArray(value) && rules.staffValue !== undefined && value.includes(rules.staffValue);
}

/**
 * Whether the token says its email was verified, failing closed: `true` (or the string `"true"`,
 * which providers' attribute mappers send) is verified; any other value the claim holds (`false`,
 * `"false"`, `0`, `null`, ...) is not. Only a token without the claim says nothing (undefined).
 */
export function emailVerified(claims: Record<string, unknown>): boolean | undefined {
  if (!Object.hasOwn(claims, 'email_verified')) return undefined;
  const verified = claims.email_verified;
  return verified === true || verified === 'true';
}

/** The caller of a verified token: `sub` is the user id; email and whether it was verified as the token says. */
export function actorFromClaims(claims: Record<string, unknown> & { sub: string }, rules: ClaimRules): Actor {
  const email = claimAt(claims, rules.emailClaim);
  const verified = emailVerified(claims);
  return {
    userId: claims.sub,
    staff: isStaff(claims, rules),
    ...(typeof email === 'string' && email !== '' ? { email } : {}),
    ...(verified === undefined ? {} : { emailVerified: verified }),
  };
}

/** The actor and the token's OAuth scopes (`scope`, space-separated). */
export function callerFromClaims(claims: Record<string, unknown> & { sub: string }, rules: ClaimRules): Caller {
  return { actor: actorFromClaims(claims, rules), scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [] };
}
