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
  for (const [key, field] of Object.entries(value)) copy[key] = SENSITIVE_FIELDS.has(key) ? REDACTED : censored(field, depth + 1);
  return copy;
}
