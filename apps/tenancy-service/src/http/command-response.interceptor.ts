import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { mergeMap, type Observable } from 'rxjs';
import { CommandResponse, Versioned } from './command-response';
import { ReadYourWrites } from './read-your-writes';

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
      if (result.position !== null) await this.readYourWrites.waitFor(result.position);
      void reply.header('etag', `"${result.revision}"`);
      if (options.location) void reply.header('location', options.location);
      const body = await render();
      return body === undefined ? undefined : { ...body, revision: Number(result.revision) };
    }));
  }
}
