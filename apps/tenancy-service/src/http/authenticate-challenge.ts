import type { FastifyRequest } from 'fastify';
import type { CommandRequest } from './request-context';

/**
 * The challenge every 401 carries (RFC 9110 §11.6.1 requires one): the Bearer scheme this service
 * takes (RFC 6750 §3). `error="invalid_token"` only when a bearer token was sent: a request that
 * sent none is told the scheme and nothing more, as RFC 6750 asks. The description names the
 * check that failed when the guard knows it (`expired`, `audience mismatch`...): the values
 * compared go to the debug log only.
 */
export function authenticateChallenge(request: FastifyRequest): string {
  const sentToken = /^bearer\s/i.test(request.headers.authorization ?? '');
  const refusal = (request as CommandRequest).tokenRefusal;
  return sentToken
    ? `Bearer realm="tenancy", error="invalid_token", error_description="The bearer token is not valid${refusal ? `: ${refusal}` : ''}"`
    : 'Bearer realm="tenancy"';
}

/**
 * The challenge of a 403 for a missing scope (RFC 6750 §3.1): the client learns which scope to ask
 * its provider for, instead of throwing its token away.
 */
export function insufficientScopeChallenge(scope: string): string {
  return `Bearer realm="tenancy", error="insufficient_scope", scope="${scope}"`;
}
