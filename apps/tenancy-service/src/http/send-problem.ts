import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateChallenge } from './authenticate-challenge';
import { closeAfterAnswer } from './close-after-answer';
import type { Problem } from '../problems/problem';

/** The one way an error leaves over HTTP: RFC 9457 problem+json, naming the path it concerns. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, body: Problem): FastifyReply {
  // Refused before its body was read (too large, wrong media type): the rest is not wanted.
  if (request.raw.complete === false) closeAfterAnswer(reply);
  if (body.status === 401) void reply.header('www-authenticate', authenticateChallenge(request));
  return reply.status(body.status).header('content-type', 'application/problem+json')
    .send({ ...body, instance: request.url.split('?')[0] });
}
