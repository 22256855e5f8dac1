import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isStoreUnavailable } from '@tenancy/platform';
import { mergeMap, type Observable } from 'rxjs';
import { problem, type Problem } from '../problems/problem';
import { HttpProblem } from './http-problem';
import { CommandResponse, Versioned } from './command-response';
import { READ_YOUR_WRITES_MS, ReadYourWrites } from './read-your-writes';

/**
 * HTTP's side of every command's answer, in one place (its headers are read by
 * CommandHeadersInterceptor): the response waits for the read models (read-your-writes), carries the
 * stream revision as ETag, and its body is rendered with the `revision` it reached. Reads of
 * one aggregate (`versioned`) get their ETag here too.
 */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(mergeMap(async (value: unknown) => {
      if (value instanceof Versioned) {
        void reply.header('etag', `"${value.revision}"`);
        return value.body;
      }
      if (!(value instanceof CommandResponse)) return value;
      const { result, render, options } = value;
      void reply.header('etag', `"${result.revision}"`);
      if (options.location) void reply.header('location', options.location);
      const answer = async () => {
        const body = await render();
        return body === undefined ? undefined : { ...body, revision: Number(result.revision) };
      };
      const { position } = result;
      const later = async (withinMs: number) => {
        if (position !== null) await this.readYourWrites.eventually(position, withinMs);
        return answer();
      };
      try {
        if (position !== null && !(await this.readYourWrites.reached(position))) {
          throw new RecordedUnanswered(recordedButUnanswered(result.revision, options.location,
            `the read models its answer is read from have not caught up with it within ${READ_YOUR_WRITES_MS / 1000} s`), later);
        }
        return await answer();
      } catch (error) {
        if (isStoreUnavailable(error)) {
          throw new RecordedUnanswered(recordedButUnanswered(result.revision, options.location, 'a store its answer is read from does not answer'), later);
        }
        throw error;
      }
    }));
  }
}

/**
 * 503 service.answer_unavailable, with the answer the command would have had, once it can be
 * read (`later`): an Idempotency-Key keeps that for its repeats (idempotency.interceptor.ts).
 * It holds what the answer hands out once (an API token) in memory until then.
 */
export class RecordedUnanswered extends HttpProblem {
  constructor(problem: Problem, readonly later: (withinMs: number) => Promise<object | undefined>) {
    super(problem);
  }
}

/**
 * The command was appended, but its answer cannot be read: a store stopped answering meanwhile,
 * or the read models are behind (a projector failing over or restarting). Not
 * `service.unavailable` (which says nothing was done, so try again), since sending it again
 * would do it twice. The ETag (and Location) say what was recorded; the resource can be read
 * again once the service is ready. An Idempotency-Key keeps this answer until the answer itself
 * can be read, and that one then (idempotency.interceptor.ts).
 */
function recordedButUnanswered(revision: bigint | number, location: string | undefined, why: string) {
  return problem(503, 'service.answer_unavailable',
    `The command was recorded (revision ${revision}), but ${why}: do not send it again; `
    + `read ${location ?? 'the resource'} once the service is ready`);
}
