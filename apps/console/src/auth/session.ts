/**
 * Who is signed in. The token lives in this module's memory only: never in localStorage or
 * sessionStorage, so closing or reloading the tab signs the person out.
 */
export interface Session {
  token: string;
  /** The token's `sub`: the user id the API knows the person by. */
  userId: string;
  email: string | null;
  /** Platform staff (the token's `staff` claim). Only decides what the console offers; the API decides what is allowed. */
  staff: boolean;
}

let session: Session | null = null;
/** Why the last session ended, when the API ended it (an expired token, say). */
let endedBecause: string | null = null;
const listeners = new Set<() => void>();

export const currentSession = () => session;
export const currentToken = () => session?.token ?? null;
export const signOutReason = () => endedBecause;

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signIn(token: string, profile: { email?: string | null } = {}): Session {
  const claims = claimsOf(token);
  session = {
    token,
    userId: typeof claims.sub === 'string' ? claims.sub : 'unknown',
    email: typeof claims.email === 'string' ? claims.email : profile.email ?? null,
    staff: claims.staff === true,
  };
  endedBecause = null;
  listeners.forEach((l) => l());
  return session;
}

export function signOut(reason: string | null = null): void {
  session = null;
  endedBecause = reason;
  listeners.forEach((l) => l());
}

/** The claims of a JWT, unverified (the API verifies; this only labels the screen). Empty for an opaque token. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const value = JSON.parse(decodeURIComponent(Array.from(json, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')));
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}
