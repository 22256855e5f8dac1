import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Actor } from '@tenancy/domain';
import type { IdempotencyStore } from '@tenancy/read-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { CLOCK, IDEMPOTENCY_STORE, type Clock } from '../infrastructure/tokens';
import { Secrets } from '../security/secrets';
import { problem } from './problem';
import { HttpProblem } from './to-problem';

const CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const KEPT_FOR_MS = 24 * 60 * 60 * 1000;
const REPLAYED_HEADERS = ['etag', 'location'];
/** Keyed requests running at once; past this, new keys are turned away rather than remembered. */
export const MAX_IN_FLIGHT = 10_000;

/**
 * `Idempotency-Key` on a changing request: a repeat gets the first response back and
 * appends nothing. The stored body is encrypted, because it may hold a one-time token.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly secrets: Secrets,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !CHANGING.has(request.method)) return next.handle();
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new HttpProblem(problem(400, 'request.invalid_idempotency_key', 'Idempotency-Key must be 1 to 200 visible ASCII characters',
        [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]));
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const scope = `http:${request.actor?.userId ?? '-'}:${key}`;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('base64url');
    return from(this.once(scope, () => this.handle(scope, requestHash, reply, next)));
  }

  /** Concurrent repeats of one key wait for the first instead of racing it. */
  private async once(scope: string, run: () => Promise<unknown>): Promise<unknown> {
    if (!this.inFlight.has(scope) && this.inFlight.size >= MAX_IN_FLIGHT) {
      throw new HttpProblem(problem(503, 'request.too_many_in_flight', 'Too many requests with an Idempotency-Key are running; try again'));
    }
    while (this.inFlight.has(scope)) await this.inFlight.get(scope)!.catch(() => undefined);
    const running = run();
    this.inFlight.set(scope, running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(scope);
    }
  }

  private async handle(scope: string, requestHash: string, reply: FastifyReply, next: CallHandler): Promise<unknown> {
    const now = this.clock.now();
    const recorded = await this.store.find(scope, now);
    if (recorded) {
      if (recorded.requestHash !== requestHash) {
        throw new HttpProblem(problem(409, 'request.idempotency_key_reused',
          'This Idempotency-Key was used for a different request'));
      }
      void reply.status(recorded.status).headers({ ...recorded.headers, 'idempotent-replayed': 'true' });
      const body = this.secrets.decrypt(recorded.sealedBody);
      return body === '' ? undefined : JSON.parse(body);
    }
    const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
    const headers = Object.fromEntries(REPLAYED_HEADERS
      .filter((name) => reply.hasHeader(name)).map((name) => [name, String(reply.getHeader(name))]));
    await this.store.save(scope, {
      requestHash, status: reply.statusCode, headers,
      sealedBody: this.secrets.encrypt(result === undefined ? '' : JSON.stringify(result)),
    }, { now, expiresAt: new Date(now.getTime() + KEPT_FOR_MS) });
    return result;
  }
}
