import { stdSerializers } from 'pino';

/**
 * Fields that may hold a credential or personal data, wherever they sit in a logged object:
 * request headers, command payloads, errors carrying either. Their values are replaced before a
 * line is written; messages are plain text and never carry them.
 */
const SENSITIVE_FIELDS = new Set([
  'authorization', 'cookie', 'set-cookie', 'x-api-key', 'proxy-authorization',
  'token', 'apiToken', 'accessToken', 'idToken', 'refreshToken', 'bearer',
  'secret', 'tenantSecret', 'clientSecret', 'password', 'jwtSecret', 'serverKey',
  'email', 'contactEmail', 'ownerEmail', 'actorEmail',
]);

export const REDACTED = '[redacted]';

/**
 * A header whose name says it may carry a credential: a list of names let `x-auth-token` through
 * raw while `x-api-key` was redacted, so headers are judged by what their names say. `authority`
 * (HTTP/2's `:authority`, the host) is no credential.
 */
const CREDENTIAL_HEADER = /auth(?!ority)|token|secret|key|session|cookie|passw|pwd|signature|credential|jwt|bearer|csrf|xsrf/i;

/**
 * Values shaped as our credentials or a JWT, wherever they sit in a header's value (a Referer's
 * query string, a header with an innocent name): our API tokens (`tnc_`), tenant secrets (`tsk_`),
 * Standard Webhooks keys (`whsec_`), and three base64url parts after `eyJ` (`{"` encoded).
 */
const TOKEN_SHAPED = /(?:tnc|tsk)_[A-Za-z0-9_-]+|whsec_[A-Za-z0-9+/=]+|eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** Deeper than this a logged value is not written at all (a cycle, or an object nobody should log). */
const MAX_DEPTH = 8;
const TOO_DEEP = '[too deep]';

/**
 * A copy of `value` with every sensitive field's value replaced by `[redacted]`, at any depth: one
 * walk over plain objects, arrays and errors (errors as pino serializes them), other objects as
 * they are. One pass is what makes a request's log line cheap: pino's path-based redaction tried
 * every path with wildcards against every object, most of a small request's CPU time.
 */
export function censored<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return TOO_DEEP as T;
  if (Array.isArray(value)) return value.map((item) => censored(item, depth + 1)) as T;
  if (value instanceof Error) return censoredFields(stdSerializers.err(value), depth) as T;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return censoredFields(value, depth) as T;
}

function censoredFields(value: object, depth: number): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = SENSITIVE_FIELDS.has(key) ? REDACTED
      : key === 'headers' && isRecord(field) ? censoredHeaders(field) : censored(field, depth + 1);
  }
  return copy;
}

/** Request or response headers: a credential's header redacted whole, token-shaped parts of any other. */
function censoredHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    copy[name] = CREDENTIAL_HEADER.test(name) ? REDACTED
      : Array.isArray(value) ? value.map(withoutTokens) : withoutTokens(value);
  }
  return copy;
}

const withoutTokens = (value: unknown): unknown => (typeof value === 'string' ? value.replace(TOKEN_SHAPED, REDACTED) : value);

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
