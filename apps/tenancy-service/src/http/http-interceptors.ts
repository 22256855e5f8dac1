import {
  Injectable, RequestMethod, SetMetadata, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor, type Type,
} from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { defer, type Observable } from 'rxjs';
import { CHANGING_METHODS } from './changing-methods';
import { CommandHeadersInterceptor } from './command-headers.interceptor';
import { CommandResponseInterceptor } from './command-response.interceptor';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * HTTP's interceptors in their order, registered as one: outermost first, a command's headers are
 * checked, then a repeated Idempotency-Key answers before anything else runs, then the response
 * waits for the read models and carries the ETag. Nest wraps each interceptor it calls in its own
 * deferred observable and async resource; chained here, each is a plain deferred call, which took
 * about 7 % of a create-company's CPU time off.
 */
@Injectable()
export class HttpInterceptors implements NestInterceptor {
  private readonly chain: NestInterceptor[];

  constructor(headers: CommandHeadersInterceptor, idempotency: IdempotencyInterceptor, response: CommandResponseInterceptor) {
    this.chain = [headers, idempotency, response];
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const handler = this.chain.reduceRight<CallHandler>(
      (inner, interceptor) => ({ handle: () => defer(() => interceptor.intercept(context, inner)) }), next);
    return handler.handle();
  }
}

const VERSIONED_READ = 'tenancy:versioned-read';

/** A read of one aggregate's view that answers with `versioned(…)`: HTTP's interceptors send its revision as the ETag. */
export const VersionedRead = () => SetMetadata(VERSIONED_READ, true);

/**
 * Gives HTTP's interceptors to the routes they answer, and to no other: every changing route (a
 * command's headers, and an `Idempotency-Key` on any POST, PUT, PATCH or DELETE) and every
 * `@VersionedRead()`. Not registered globally: Nest binds an async resource per interceptor call,
 * two a request, each through Node's deprecation wrappers: on a company list, which none of them
 * changes, those binds alone were 7 % of the sampled CPU (ADR 0008, 2026-12-03). A route that returns
 * `respond(…)` or `versioned(…)` without them answers 500 rather than a wrong body (command-response.ts).
 */
export function withHttpInterceptors<T extends Type[]>(controllers: T): T {
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
      const handler = descriptor.value as object;
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined || !(CHANGING_METHODS.has(RequestMethod[method]) || Reflect.getMetadata(VERSIONED_READ, handler) === true)) continue;
      // Once per handler: AppModule.forRoot runs again for every app a process starts (the tests).
      const given = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
      if (!given.includes(HttpInterceptors)) UseInterceptors(HttpInterceptors)(prototype, name, descriptor);
    }
  }
  return controllers;
}
