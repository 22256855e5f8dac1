import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import { InvalidInput } from '../problems/invalid-input';

/**
 * Unknown query parameters are refused by the input pipe, which only sees a route's `@Query()`
 * DTO: a route that reads no query string (GET /v1/me, /v1/me/companies) had nothing to refuse
 * `?foo=1` with, and answered 200. This refuses any query parameter on such a route, as the pipe
 * refuses an unknown one (400 `request.invalid`, `is not allowed`), so a route added without a
 * `@Query()` is covered too. Registered after the AuthGuard, so a caller without a token still
 * gets 401 first, as on routes with a DTO.
 */
@Injectable()
export class UndeclaredQueryGuard implements CanActivate {
  private readonly readsQuery = new WeakMap<object, boolean>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const query = context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, unknown> | undefined;
    const names = query ? Object.keys(query) : [];
    if (names.length === 0 || this.takesQuery(context)) return true;
    throw new InvalidInput(names.map((field) => ({ field, message: 'is not allowed' })));
  }

  private takesQuery(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let reads = this.readsQuery.get(handler);
    if (reads === undefined) {
      const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) as Record<string, unknown> | undefined;
      reads = Object.keys(args ?? {}).some((key) => Number(key.split(':')[0]) === RouteParamtypes.QUERY);
      this.readsQuery.set(handler, reads);
    }
    return reads;
  }
}
