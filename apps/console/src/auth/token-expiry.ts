/**
 * When a bearer token expires, read from its own `exp` claim: only to tell the person why the API
 * refused it (the API's 401 says just that a valid token is required). Nothing is verified here,
 * and nothing is decided by it: the API alone decides whether a token is good.
 * Pure (the clock comes in), so it is tested without a browser (test/token-expiry.spec.ts).
 */
export function expiresAt(token: string): Date | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? new Date(claims.exp * 1000) : null;
  } catch {
    return null;
  }
}

const at = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "your token expired at …; sign in with a new one", when it has by `now`; else null. */
export function expiredReason(token: string, now: Date, format: (d: Date) => string = (d) => at.format(d)): string | null {
  const expiry = expiresAt(token);
  if (!expiry || expiry.getTime() > now.getTime()) return null;
  return `your token expired at ${format(expiry)}. Sign in with a new one.`;
}

/** How long before a pasted token expires the console warns: time to get a new one and sign in with it. */
export const WARN_BEFORE_MS = 5 * 60_000;

/**
 * What to tell the holder of a pasted token by `now` (a pasted token cannot be renewed): nothing
 * while more than five minutes are left, then when it expires, then that it has. `recheckInMs` is
 * when that changes next (null: never). By this browser's clock: a warning, not a decision.
 */
export function expiryWarning(
  token: string, now: Date, format: (d: Date) => string = (d) => at.format(d),
): { warning: string | null; recheckInMs: number | null } {
  const expiry = expiresAt(token);
  if (!expiry) return { warning: null, recheckInMs: null };
  const left = expiry.getTime() - now.getTime();
  if (left > WARN_BEFORE_MS) return { warning: null, recheckInMs: left - WARN_BEFORE_MS };
  if (left > 0) {
    return { warning: `Your token expires at ${format(expiry)}. To keep working, sign out and sign in with a new one before then.`, recheckInMs: left };
  }
  return { warning: `Your token expired at ${format(expiry)}. Sign out and sign in with a new one.`, recheckInMs: null };
}
