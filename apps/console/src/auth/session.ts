/**
 * Who is signed in. The token lives in this module's memory only: never in localStorage or
 * sessionStorage, so closing or reloading the tab signs the person out.
 */
export interface Session {
  token: string;
  /** The token's `sub`: the user id the API knows the person by. */
  userId: string;
  email: string | null;
  /** Platform staff, as the API reads the token. Only decides what the console offers; the API decides what is allowed. */
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

/** The caller as the API reads their token (GET /v1/me). */
export interface Who {
  userId: string;
  staff: boolean;
  email: string | null;
}

/** Signs in as the API says the token's holder is: it alone knows which claims make someone staff. */
export function signIn(token: string, who: Who): Session {
  session = { token, userId: who.userId, email: who.email, staff: who.staff };
  endedBecause = null;
  listeners.forEach((l) => l());
  return session;
}

/**
 * The identity provider renewed the token of the person signed in: the API is called with the new
 * one from now on. Nothing on screen changes, so no listener is told.
 */
export function renewToken(token: string): void {
  if (session) session = { ...session, token };
}

/** Asks the API who a token belongs to: the caller, or its problem (a bad token is refused here). */
export async function whoIs(token: string): Promise<{ who: Who } | { status: number; code?: string; detail?: string; at: Date }> {
  const answer = await fetch('/v1/me', { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
  if (answer?.ok) return { who: await answer.json() as Who };
  const problem = answer ? await answer.json().catch(() => ({})) : {};
  return { status: answer?.status ?? 0, code: problem.code, detail: problem.detail, at: answeredAt(answer) };
}

/**
 * When the service answered, by its own clock (the `Date` header), else by this browser's: a token
 * expires by the clock of the service that checks it, whatever this computer's clock says.
 */
export function answeredAt(response: Response | null): Date {
  const date = response?.headers.get('date');
  const at = date ? new Date(date) : null;
  return at && !Number.isNaN(at.getTime()) ? at : new Date();
}

export function signOut(reason: string | null = null): void {
  session = null;
  endedBecause = reason;
  listeners.forEach((l) => l());
}
