import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@tenancy/domain';
import type { FastifyRequest } from 'fastify';

/** Who asks, under which correlation id, expecting which revision: what every company command needs. */
export interface RequestContext {
  actor: Actor;
  correlationId?: string;
  /** The raw If-Match header; parsed where the command is run. */
  ifMatch?: string;
}

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
  return { actor: request.actor!, correlationId: header(request, 'x-correlation-id'), ifMatch: header(request, 'if-match') };
});
