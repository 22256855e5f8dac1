import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@tenancy/domain';
import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '../commands/command-context';

/** What the guard and the command-response interceptor leave on the request. */
export type CommandRequest = FastifyRequest & { actor?: Actor; expectedRevision?: bigint };

/** The caller as the guard verified them. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor =>
  context.switchToHttp().getRequest<CommandRequest>().actor!);

/** A command's context from the request: the caller, `X-Correlation-Id`, and the revision `If-Match` asks for. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<CommandRequest>();
  const correlationId = request.headers['x-correlation-id'];
  return {
    actor: request.actor!,
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
    ...(request.expectedRevision !== undefined ? { expectedRevision: request.expectedRevision } : {}),
  };
});
