import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { problem } from '../problems/problem';
import { answerClientError } from './client-errors';
import { sendProblem } from './send-problem';

/**
 * The errors fastify and Node answer on their own, before any route or Nest filter runs, made
 * problem+json like every other error: a path that cannot be decoded (`%ZZ`), and what Node's
 * HTTP parser refuses (client-errors.ts).
 */
export const frameworkErrorOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors: (error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    sendProblem(request, reply, error.code === 'FST_ERR_BAD_URL'
      ? problem(400, 'request.bad_url', 'The path is not a valid URL: a percent sign must start a %XX escape of UTF-8',
        [{ field: 'path', message: 'must be percent-encoded UTF-8' }])
      : problem(500, 'internal', 'Something went wrong on our side; it has been logged'));
  },
  clientErrorHandler: answerClientError,
};
