import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { canonicalJson } from '@tenancy/event-store';
import { Idempotency, IdempotencyKeyReused, requestHash, TooManyInFlight, type Outcome } from '../idempotency/idempotency';
import { companyOfBody, companyOfLocation, ReplayMayBeAnswered, revisionOfEtag } from '../idempotency/replay-check';
import { VISIBLE_ID, VISIBLE_ID_MESSAGE } from '../input/visible-id';
import { problem, type Problem } from '../problems/problem';
import { RecordedUnanswered } from './command-response.interceptor';
import { HttpProblem } from './http-problem';
import { CHANGING_METHODS } from './changing-methods';
import type { CommandRequest } from './request-context';

const KEPT_FOR_MS = 24 * 60 * 60 * 1000;
const REPLAYED_HEADERS = ['etag', 'location'];
/**
 * The one refusal an Idempotency-Key keeps: the command was done (command-response.interceptor.ts);
 * until its answer can be read, then that answer.
 */
const RECORDED_UNANSWERED = 'service.answer_unavailable';

/** `Idempotency-Key` on a changing request: a repeat gets the first response back and appends nothing. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: Idempotency) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !CHANGING_METHODS.has(request.method)) return next.handle();
    if (!VISIBLE_ID.test(key)) {
      throw new HttpProblem(problem(400, 'request.invalid_idempotency_key', `Idempotency-Key ${VISIBLE_ID_MESSAGE}`,
        [{ field: 'Idempotency-Key', message: VISIBLE_ID_MESSAGE }]));
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    // Per caller: one client's key never answers another's request.
    const scope = `http:${request.actor?.userId ?? '-'}:${key}`;
    // The body in canonical JSON: the same fields in another order are the same request, as they
    // are for a Kafka command. Keys kept from before (24 h) were hashed in the body's own order.
    const hashOf = (body: string) => requestHash(`${request.method} ${request.url}\n${body}`);
    const hash = hashOf(canonicalJson(request.body ?? null));
    return from(this.answer(scope, hash, () => hashOf(JSON.stringify(request.body ?? null)), request, reply, next));
  }

  private async answer(
    scope: string, hash: string, earlierHash: () => string, request: CommandRequest, reply: FastifyReply, next: CallHandler,
  ): Promise<unknown> {
    try {
      const { outcome, replayed } = await this.idempotency.once(scope, hash, KEPT_FOR_MS, async () => {
        const headers = () => Object.fromEntries(REPLAYED_HEADERS
          .filter((name) => reply.hasHeader(name)).map((name) => [name, String(reply.getHeader(name))]));
        try {
          const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
          return { status: reply.statusCode, headers: headers(), body };
        } catch (error) {
          // Recorded without its answer: kept like an answer, so that sending it again cannot do it twice,
          // and the answer once the read models have it, with the status the route answers with.
          if (error instanceof RecordedUnanswered) {
            const status = reply.statusCode;
            const kept = headers();
            return {
              status: error.problem.status, headers: kept, body: error.problem,
              later: async (withinMs: number) => ({ status, headers: kept, body: await error.later(withinMs) }),
            };
          }
          throw error;
        }
      }, earlierHash, (first) => this.mayReplay(request, first, next));
      if (replayed) void reply.headers({ ...outcome.headers, 'idempotent-replayed': 'true' });
      if (outcome.status === 503 && (outcome.body as Problem | undefined)?.code === RECORDED_UNANSWERED) throw new HttpProblem(outcome.body as Problem);
      if (replayed) void reply.status(outcome.status);
      return outcome.body;
    } catch (error) {
      if (error instanceof IdempotencyKeyReused) {
        throw new HttpProblem(problem(409, 'request.idempotency_key_reused', 'This Idempotency-Key was used for a different request'));
      }
      if (error instanceof TooManyInFlight) {
        throw new HttpProblem(problem(503, 'request.too_many_in_flight', 'Too many requests with an Idempotency-Key are running; try again'));
      }
      throw error;
    }
  }

  /**
   * The request runs once more as a check (replay-check.ts): its route and command see
   * `replayCheck` and stop with ReplayMayBeAnswered before they change anything; a route that
   * changes nothing (pairing, verifying a signature) runs to its end. Whatever refuses the
   * caller on the way is the answer instead of the replay.
   */
  private async mayReplay(request: CommandRequest, first: Outcome, next: CallHandler): Promise<void> {
    const companyId = companyOfLocation(first.headers.location) ?? companyOfBody(first.body);
    request.replayCheck = { answeredAt: revisionOfEtag(first.headers.etag), ...(companyId ? { companyId } : {}) };
    try {
      await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      if (!(error instanceof ReplayMayBeAnswered)) throw error;
    } finally {
      delete request.replayCheck;
    }
  }
}
