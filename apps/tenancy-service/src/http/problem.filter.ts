import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpProblem } from './http-problem';
import { sendProblem } from './send-problem';

/** Every error leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // The client closed the connection while its request was read: the request log says so, and
    // there is nobody to answer. Not an error of this service.
    if (request.raw.readableAborted && request.raw.destroyed) return;
    const body = httpProblem(error);
    // Log the path only: query strings and bodies may carry tokens.
    const path = `${request.method} ${request.url.split('?')[0]}`;
    // A store that does not answer is an outage to notice, not a fault to debug: no stack.
    if (body.status === 503) this.logger.warn(`${path}: ${body.code}: ${(error as Error)?.message ?? error}`);
    else if (body.status >= 500) this.logger.error(`${path}: ${(error as Error)?.stack ?? error}`);
    sendProblem(request, reply, body);
  }
}
