import type { FastifyRequest } from 'fastify';

/**
 * The challenge every 401 carries (RFC 9110 §11.6.1 requires one): the Bearer scheme this service
 * takes (RFC 6750 §3). `error="invalid_token"` only when a bearer token was sent: a request that
 * sent none is told the scheme and nothing more, as RFC 6750 asks.
 */
export function authenticateChallenge(request: FastifyRequest): string {
  const sentToken = /^bearer\s/i.test(request.headers.authorization ?? '');
  return sentToken
    ? 'Bearer realm="tenancy", error="invalid_token", error_description="The bearer token is not valid"'
    : 'Bearer realm="tenancy"';
}
