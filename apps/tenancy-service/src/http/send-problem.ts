import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateChallenge, insufficientScopeChallenge } from './authenticate-challenge';
import { closeAfterAnswer } from './close-after-answer';
import type { Problem } from '../problems/problem';
import type { CommandRequest } from './request-context';

/** When a 503 is worth trying again: a store down for a few seconds, a burst of idempotent requests at once. */
const RETRY_AFTER_S: Record<string, number> = { 'service.unavailable': 5, 'service.answer_unavailable': 5, 'request.too_many_in_flight': 1 };

/** The one way an error leaves over HTTP: RFC 9457 problem+json, naming the path it concerns. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, body: Problem): FastifyReply {
  // Refused before its body was read (too large, wrong media type): the rest is not wanted.
  if (request.raw.complete === false) closeAfterAnswer(reply);
  if (body.status === 401) void reply.header('www-authenticate', authenticateChallenge(request));
  const requiredScope = (request as CommandRequest).requiredScope;
  if (body.status === 403 && requiredScope !== undefined) void reply.header('www-authenticate', insufficientScopeChallenge(requiredScope));
  if (body.status === 503) void reply.header('retry-after', String(RETRY_AFTER_S[body.code] ?? 1));
  return reply.status(body.status).header('content-type', 'application/problem+json')
    .send({ ...body, instance: request.url.split('?')[0] });
}
