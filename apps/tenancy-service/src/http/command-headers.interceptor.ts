import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { VISIBLE_ID, VISIBLE_ID_MESSAGE } from '../input/visible-id';
import { problem } from '../problems/problem';
import { HttpProblem } from './http-problem';
import { correlationOf, traceparentOf } from './correlation';
import { requestTraceparent } from './request-tracing';
import { runsCommand, type CommandRequest } from './request-context';
import { ifMatchNotTaken, parseIfMatch, refusesIfMatch, takesRevision } from './revision';

/**
 * The headers a command reads, checked before anything else answers (a repeated Idempotency-Key
 * included, so a malformed header is never met with a replayed success): `If-Match` becomes the
 * revision the command expects (refused where the route has none, command or not: revision.ts's NoRevision),
 * the correlation (correlation.ts) and `traceparent` those its events carry.
 */
@Injectable()
export class CommandHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    const ifMatch = header(request, 'if-match');
    if (ifMatch !== undefined && refusesIfMatch(context.getHandler())) throw ifMatchNotTaken();
    if (!runsCommand(context.getHandler())) return next.handle();
    if (takesRevision(context.getHandler())) {
      const expected = parseIfMatch(ifMatch);
      if (expected !== undefined) request.expectedRevision = expected;
    }
    const explicit = header(request, 'x-correlation-id');
    // It goes into every event the command records, so it is held to the rule Kafka's correlation-id is.
    if (explicit !== undefined && !VISIBLE_ID.test(explicit)) {
      throw new HttpProblem(problem(400, 'request.invalid_correlation_id', `X-Correlation-Id ${VISIBLE_ID_MESSAGE}`,
        [{ field: 'X-Correlation-Id', message: VISIBLE_ID_MESSAGE }]));
    }
    const correlationId = correlationOf(request.headers, request.id);
    if (correlationId !== undefined) request.correlationId = correlationId;
    // Our request span when tracing, so the command's span is its child; else the caller's, kept as it came.
    const traceparent = requestTraceparent(request) ?? traceparentOf(request.headers);
    if (traceparent !== undefined) request.traceparent = traceparent;
    return next.handle();
  }
}

/** A header's value; one sent twice (an array) is taken as the malformed value it is. */
const header = (request: CommandRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};
