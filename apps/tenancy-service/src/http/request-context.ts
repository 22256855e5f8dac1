import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ExpectedRevision } from '@tenancy/application';
import type { Actor } from '@tenancy/domain';
import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '../commands/command-context';
import type { ReplayCheck } from '../idempotency/replay-check';

/** What the guard and the command-headers and idempotency interceptors leave on the request. */
export type CommandRequest = FastifyRequest & {
  actor?: Actor; expectedRevision?: ExpectedRevision; correlationId?: string; traceparent?: string;
  /** Why the guard refused the bearer token, short and safe to tell the client (the 401's error_description). */
  tokenRefusal?: string;
  /** The scope the caller's token lacked for this route (the 403's insufficient_scope challenge). */
  requiredScope?: string;
  /** Set while a repeated Idempotency-Key runs its request as a check (replay-check.ts). */
  replayCheck?: ReplayCheck;
};

/** The caller as the guard verified them. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor =>
  context.switchToHttp().getRequest<CommandRequest>().actor!);

const RUNS_COMMAND = 'tenancy:runs-command';

/** Whether a route handler sends a command: it takes its context through `@Ctx()` (the OpenAPI document reads this). */
export const runsCommand = (handler: object): boolean => Reflect.getMetadata(RUNS_COMMAND, handler) === true;

const marksCommandRoute = (target: object, key: string | symbol | undefined) => {
  if (key !== undefined) Reflect.defineMetadata(RUNS_COMMAND, true, (target as Record<string | symbol, object>)[key]);
};

/** A command's context from the request: the caller, `X-Correlation-Id`, and the revision `If-Match` asks for (command-headers.interceptor.ts). */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<CommandRequest>();
  return {
    actor: request.actor!,
    transport: 'http',
    ...(request.correlationId !== undefined ? { correlationId: request.correlationId } : {}),
    ...(request.traceparent !== undefined ? { traceparent: request.traceparent } : {}),
    ...(request.expectedRevision !== undefined ? { expectedRevision: request.expectedRevision } : {}),
    ...(request.replayCheck !== undefined ? { replayCheck: request.replayCheck } : {}),
  };
}, [marksCommandRoute]);

/** For a route that changes something without a command (sending a webhook): whether this run is only a replay check. */
export const CurrentReplayCheck = createParamDecorator((_: unknown, context: ExecutionContext): ReplayCheck | undefined =>
  context.switchToHttp().getRequest<CommandRequest>().replayCheck);
