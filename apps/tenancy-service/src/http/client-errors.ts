import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { finished } from 'node:stream';
import { problem, type Problem } from '../problems/problem';
import { HttpProblem } from './http-problem';

/** Node's own field for the response a connection is writing (its HTTP server reads it the same way). */
type HttpSocket = Socket & { _httpMessage?: (ServerResponse & { req: IncomingMessage }) | null };

/**
 * What Node's HTTP parser (or its request timeout) reports on a connection. Which request it
 * concerns decides who answers:
 * - the body of the request being answered, still being read (the client closed its sending side
 *   before the body its Content-Length declares came, or the request took too long to arrive):
 *   that request's body reader gets the error, so the answer goes out, is logged and counted like
 *   any other refusal, under its route;
 * - a request after one still being answered (bytes after a body, read as the next request):
 *   answered once the answers before it have gone out, in order, as HTTP/1.1 keeps them;
 * - nothing yet (a head that is not HTTP, too large, or too slow): answered at once, on the socket.
 * A connection the client reset gets nothing.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // Node's parser stays failed and reports again on the connection's next bytes: one answer is enough.
  if (error.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return;
  answered.add(socket);
  answer(error, socket);
}

const answered = new WeakSet<Socket>();

function answer(error: Error & { code?: string }, socket: Socket): void {
  if (socket.destroyed) return;
  const inFlight = (socket as HttpSocket)._httpMessage;
  if (inFlight && !inFlight.writableFinished) {
    const request = inFlight.req;
    if (!request.complete && !inFlight.headersSent && request.listenerCount('error') > 0) {
      // The body reader (fastify's) answers an 'error' of the request it reads as a refusal of it.
      request.emit('error', new HttpProblem(bodyProblem(error.code)));
      return;
    }
    finished(inFlight, () => answer(error, socket));
    return;
  }
  if (!socket.writable) return;
  const body = headProblem(error.code);
  const json = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${body.status} ${body.title}\r\nConnection: close\r\n`
    + `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  () => socket.destroy());
}

const timedOut = (): Problem => problem(408, 'request.timeout', 'The request took too long to arrive');

function headProblem(code: string | undefined): Problem {
  if (code === 'HPE_HEADER_OVERFLOW') return problem(431, 'request.headers_too_large', 'The request headers are too large');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return timedOut();
  return problem(400, 'request.malformed_http', 'The request is not valid HTTP/1.1');
}

function bodyProblem(code: string | undefined): Problem {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return timedOut();
  if (code === 'HPE_INVALID_EOF_STATE') {
    return problem(400, 'request.malformed', 'The request body ended before all of it came: the client stopped sending first',
      [{ field: 'body', message: 'must be as long as its Content-Length says (or end with its last chunk)' }]);
  }
  return problem(400, 'request.malformed_http', 'The request body is not valid HTTP/1.1 (its chunks are broken)');
}
