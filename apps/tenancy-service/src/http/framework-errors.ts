import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Socket } from 'node:net';
import { problem, type Problem } from '../problems/problem';
import { sendProblem } from './send-problem';

/**
 * The errors fastify and Node answer on their own, before any route or Nest filter runs, made
 * problem+json like every other error: a path that cannot be decoded (`%ZZ`), and a request
 * that is not HTTP at all.
 */
export const frameworkErrorOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors: (error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    sendProblem(request, reply, error.code === 'FST_ERR_BAD_URL'
      ? problem(400, 'request.bad_url', 'The path is not a valid URL: a percent sign must start a %XX escape of UTF-8',
        [{ field: 'path', message: 'must be percent-encoded UTF-8' }])
      : problem(500, 'internal', 'Something went wrong on our side; it has been logged'));
  },
  // Node's HTTP parser refused the request; there is no request object, only the socket.
  clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
    const body = clientProblem(error.code);
    const json = JSON.stringify(body);
    socket.end(`HTTP/1.1 ${body.status} ${body.title}\r\nConnection: close\r\n`
      + `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
    () => socket.destroy());
  },
};

function clientProblem(code: string | undefined): Problem {
  if (code === 'HPE_HEADER_OVERFLOW') return problem(431, 'request.headers_too_large', 'The request headers are too large');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return problem(408, 'request.timeout', 'The request took too long to arrive');
  return problem(400, 'request.malformed_http', 'The request is not valid HTTP/1.1');
}
