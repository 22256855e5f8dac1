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
