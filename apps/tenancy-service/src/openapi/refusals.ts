import { maxHeaderSize } from 'node:http';
import { CHANGING_METHODS } from '../http/changing-methods';
import { REQUEST_TIMEOUT_MS } from '../http/request-timeout';
import type { AppRoute } from './app-routes';

/**
 * The refusals a route can answer, derived from what it is rather than listed route by route, so
 * a route added later is described by the same rules. Each rule names where the refusal comes from.
 * Not listed: 405, since the document lists exactly the methods each path has.
 */
export const REFUSALS: ReadonlyArray<{ status: number; description: string; applies(route: AppRoute): boolean }> = [
  {
    status: 400,
    description: 'The request is malformed: a query parameter the route does not take (on every route), a body field on a route '
      + 'that takes no body (an empty object or no body is fine), a body, query or path '
      + 'parameter that breaks its rules (named in `errors`), JSON that is nested too deep or repeats a key, a body that ended early, '
      + 'or an If-Match, Idempotency-Key or X-Correlation-Id header that is not well formed',
    // The undeclared-input guard refuses a query string on every route, those that read none included.
    applies: () => true,
  },
  {
    status: 401,
    description: 'No valid bearer token (the auth guard): missing, badly signed, for another issuer or audience, or expired',
    applies: (route) => route.access !== 'public',
  },
  {
    status: 403,
    description: 'The caller may not do this: platform staff only, a role in the company that does not allow it, '
      + 'or an invitation answered with another email or one the identity provider has not verified',
    // Staff-only routes (the guard), every command (the domain decides who may), reads of a company (ReadAccess).
    applies: (route) => route.access === 'staff' || route.command || (route.access === 'signed-in' && route.params.length > 0),
  },
  {
    status: 404,
    description: 'What the path names does not exist, or is not visible to the caller',
    applies: (route) => route.params.length > 0,
  },
  {
    status: 408,
    description: `The request, head and body, did not arrive whole within ${REQUEST_TIMEOUT_MS / 1000} s; the connection is closed`,
    applies: () => true,
  },
  {
    status: 409,
    description: 'The request conflicts with the current state (the domain refuses it, or another change came first), '
      + 'or its Idempotency-Key was used for a different request',
    applies: changes,
  },
  {
    status: 412,
    description: 'If-Match names a revision the company is no longer at, or comes with a create (there is no company yet to match)',
    applies: (route) => route.revision,
  },
  {
    status: 413,
    description: 'The request body is larger than 64 KiB',
    applies: changes,
  },
  {
    status: 415,
    description: 'The body is not a JSON object sent as application/json (charset utf-8), or a route that takes one got none',
    applies: changes,
  },
  {
    status: 431,
    description: `The request headers are larger than ${maxHeaderSize / 1024} KiB`,
    applies: () => true,
  },
  {
    status: 500,
    description: 'Something went wrong on our side; it has been logged',
    applies: () => true,
  },
  {
    status: 503,
    description: 'A store the service needs, or the identity provider whose keys check bearer tokens, does not answer at the moment (`service.unavailable`), or too many requests with an '
      + 'Idempotency-Key are running (`request.too_many_in_flight`): try again after the `Retry-After` seconds',
    // What a signed-in caller asks reads or writes a store, so does every command; a changing
    // method may carry an Idempotency-Key. Public reads (health, metrics) declare their own.
    applies: (route) => route.access !== 'public' || route.command || changes(route),
  },
];

/** A changing method: its body is read (whatever the route does with it) and Idempotency-Key applies. */
function changes(route: AppRoute): boolean {
  return CHANGING_METHODS.has(route.method);
}
