import { answeredAt, currentToken, signOut } from '../auth/session';
import { expiredReason } from '../auth/token-expiry';

/** An RFC 9457 problem from the API, or a network failure put in the same words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** Field name (dotted for nested ones) → what is wrong with it. */
    readonly fields: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export interface Answer<T> {
  body: T;
  /** The company's revision as the API returned it (`ETag`), for `If-Match` on the next change. */
  etag: string | null;
}

/** Calls the tenancy API as the signed-in person. */
export async function call<T>(method: string, path: string, body?: unknown, ifMatch?: string | null): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (ifMatch) headers['if-match'] = ifMatch;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'The service did not answer. Check that it is running and try again.');
  }
  const text = await response.text();
  const parsed = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = toApiError(response.status, parsed);
    // An expired or revoked token: back to the sign-in page, which says why (the token's own
    // `exp` tells an expired one from one refused for another reason).
    if (response.status === 401 && token) signOut(expiredReason(token, answeredAt(response)) ?? error.detail);
    // An action refused (403), on something gone meanwhile (404: a member removed, an endpoint
    // deleted) or at odds with a change made meanwhile (409: an invitation cancelled, a member
    // deactivated), or a role too low to read: what the page was drawn from is out of date
    // (changed in another tab or by someone else), so it re-reads its lists and the caller's role
    // (OUTDATED) and stops offering what is no longer possible (QA M5). The error stays shown.
    const denied = error.code === 'company.permission_denied';
    if (denied || (method !== 'GET' && OUTDATED_STATUSES.has(response.status))) window.dispatchEvent(new Event(OUTDATED));
    // The API says what the role does not allow in words; a permission name in brackets from an
    // older service ("(manageMembers)") is not for the person to read.
    if (denied) {
      const words = error.detail.replace(/\s*\(\w+\)$/, '').replace(/\.?$/, '.');
      throw new ApiError(403, error.code, `${words} The page now shows what your current role allows.`, error.fields);
    }
    throw error;
  }
  return { body: parsed as T, etag: response.headers.get('etag') };
}

/** Sent on window when the API's answer shows that what the page shows is out of date (403, 404, 409): see `call`. */
export const OUTDATED = 'tenancy:outdated';
/**
 * An action's answers that say so. Not 412: an edit sent with a stale If-Match keeps the person's
 * unsaved changes on screen, with the newer values beside them (settings-form.tsx).
 */
const OUTDATED_STATUSES = new Set([403, 404, 409]);

export const get = async <T>(path: string) => (await call<T>('GET', path)).body;

function toApiError(status: number, body: unknown): ApiError {
  const problem = (body ?? {}) as { detail?: string; code?: string; errors?: { field: string; message: string }[] };
  const fields = Object.fromEntries((problem.errors ?? []).map((e) => [e.field, e.message]));
  return new ApiError(status, problem.code ?? `http.${status}`, problem.detail ?? `The service answered ${status}.`, fields);
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}

/** A query string of the given values, leaving out the empty ones. */
export function query(values: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const enc = encodeURIComponent;
