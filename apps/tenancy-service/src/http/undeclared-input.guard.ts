import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import { InvalidInput } from '../problems/invalid-input';

/**
 * Unknown fields are refused by the input pipe, which only sees a route's `@Query()` and `@Body()`
 * DTOs: a route that reads no query string (GET /v1/me) answered `?foo=1` with 200, and a route
 * that takes no body (POST .../secret, .../password-reset) acted on `{"version":99}` as if it
 * were not there, which a caller reads as the field having been taken. This refuses any query
 * parameter on a route that reads none, and any body field on a route that takes no body, as the
 * pipe refuses an unknown one (400 `request.invalid`, `is not allowed`), so a route added without
 * either is covered too. No body, or `{}`, still passes. Registered after the AuthGuard, so a
 * caller without a token still gets 401 first, as on routes with a DTO.
 */
@Injectable()
export class UndeclaredInputGuard implements CanActivate {
  private readonly reads = new WeakMap<object, { query: boolean; body: boolean }>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const query = namesIn(request.query);
    const body = namesIn(request.body);
    if (query.length === 0 && body.length === 0) return true;
    const reads = this.readsOf(context);
    const unknown = [...(reads.query ? [] : query), ...(reads.body ? [] : body)];
    if (unknown.length === 0) return true;
    throw new InvalidInput(unknown.map((field) => ({ field, message: 'is not allowed' })));
  }

  private readsOf(context: ExecutionContext): { query: boolean; body: boolean } {
    const handler = context.getHandler();
    let reads = this.reads.get(handler);
    if (reads === undefined) {
      const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) as Record<string, unknown> | undefined;
      const kinds = new Set(Object.keys(args ?? {}).map((key) => Number(key.split(':')[0])));
      reads = { query: kinds.has(RouteParamtypes.QUERY), body: kinds.has(RouteParamtypes.BODY) };
      this.reads.set(handler, reads);
    }
    return reads;
  }
}

/** The body parser lets only a JSON object (or nothing) through; the query parser makes a record. */
const namesIn = (value: unknown): string[] => (typeof value === 'object' && value !== null ? Object.keys(value) : []);
