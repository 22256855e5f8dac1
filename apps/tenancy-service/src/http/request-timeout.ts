import type { ServerOptions } from 'node:http';

/**
 * The longest a request may take to arrive, its head and its body together, unless the app is
 * built with another (`createHttpApp`'s `requestTimeoutMs`). A body is at most 64 KiB: a client
 * still sending after this long has stalled, or is holding a connection open on purpose. It is
 * answered 408 `request.timeout` and the connection is closed.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Node's HTTP server enforces the bound (fastify turns it off by default): `requestTimeout` for
 * the whole request, `headersTimeout` for its head (Node's default is 60 s, and its own check
 * must not be the longer one). Node looks for late requests every `connectionsCheckingInterval`
 * (30 s by default, which would let a 30 s bound run to a minute): here a tenth of the bound, so
 * a late request is answered within 10% of it.
 */
export function requestTimeoutOptions(timeoutMs: number): { requestTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: timeoutMs,
    http: { headersTimeout: timeoutMs, requestTimeout: timeoutMs, connectionsCheckingInterval: Math.max(10, Math.ceil(timeoutMs / 10)) },
  };
}
