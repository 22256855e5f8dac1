import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, IDEMPOTENCY_STORE, type Clock } from '@tenancy/platform';
import type { IdempotencyStore, RecordedOutcome } from '@tenancy/read-store';
import { createHash } from 'node:crypto';
import { Secrets } from '../security/secrets';

/** An answer worth giving again to a repeat: status, the headers that matter, the body. */
export interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /**
   * Set on an outcome that says the command was done but its answer could not be read yet (HTTP's
   * 503 service.answer_unavailable): gives that answer once it can be read, within the time
   * given. It is kept then, and repeats get it instead of the first outcome.
   */
  later?: (withinMs: number) => Promise<Outcome>;
}

/**
 * Where the answer given late to a key is kept: beside its first outcome, not over it (an outcome
 * once saved stays), under a key no caller's can be (theirs start with `http:` or `kafka:`).
 */
const answeredKey = (key: string) => `answered:${key}`;

/** The same key was used for another request: refused, never answered with the first one's outcome. */
export class IdempotencyKeyReused extends Error {
  constructor() {
    super('This idempotency key was used for a different request');
    this.name = 'IdempotencyKeyReused';
  }
}

/** Keys running at once; past this, new keys are turned away rather than remembered (a bounded map). */
export const MAX_IN_FLIGHT = 10_000;

export class TooManyInFlight extends Error {
  constructor() {
    super(`More than ${MAX_IN_FLIGHT} idempotent commands are running at once`);
    this.name = 'TooManyInFlight';
  }
}

/**
 * Answers given late that are waited for at once (each looks at the read models once a second);
 * past this, a repeat gets the first outcome (the 503), as it does when the service stops meanwhile.
 */
export const MAX_WAITING_ANSWERS = 1_000;

/** A request's fingerprint: a repeat must match it to get the first outcome back. */
export const requestHash = (request: unknown): string =>
  createHash('sha256').update(JSON.stringify(request)).digest('base64url');

/**
 * Runs a command once per key and gives its first outcome to every repeat, for both key
 * sources: the HTTP `Idempotency-Key` header and the Kafka `commandId`. Outcomes are kept
 * encrypted, because an answer may hold a one-time secret. Only answers `run` returns are kept;
 * one it throws (an unexpected failure) is not, so a repeat tries again. An outcome with `later`
 * is kept as well, so a repeat cannot do the command twice, and its answer once it comes.
 */
@Injectable()
export class Idempotency {
  private readonly logger = new Logger('Idempotency');
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private waitingAnswers = 0;

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly secrets: Secrets,
  ) {}

  /**
   * `earlierHash`: the fingerprint an earlier release recorded for the same request, accepted as
   * well while records it wrote may still be kept (computed only when `hash` does not match).
   * `mayReplay`: runs before a remembered outcome is given again, and refuses it by throwing
   * (HTTP checks that the caller may still make the request: replay-check.ts).
   */
  async once(
    key: string, hash: string, keptForMs: number, run: () => Promise<Outcome>, earlierHash?: () => string,
    mayReplay?: (first: Outcome) => Promise<void>,
  ): Promise<{ outcome: Outcome; replayed: boolean }> {
    if (!this.inFlight.has(key) && this.inFlight.size >= MAX_IN_FLIGHT) throw new TooManyInFlight();
    // Concurrent repeats of one key wait for the first instead of racing it.
    while (this.inFlight.has(key)) await this.inFlight.get(key)!.catch(() => undefined);
    const running = this.first(key, hash, keptForMs, run, earlierHash, mayReplay);
    this.inFlight.set(key, running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Whether a key is taken: an outcome is remembered under it, or one is being made. */
  async taken(key: string): Promise<boolean> {
    return this.inFlight.has(key) || (await this.store.find(key, this.clock.now())) !== null;
  }

  private async first(
    key: string, hash: string, keptForMs: number, run: () => Promise<Outcome>, earlierHash?: () => string,
    mayReplay?: (first: Outcome) => Promise<void>,
  ) {
    const now = this.clock.now();
    const recorded = await this.store.find(key, now);
    if (recorded) {
      if (recorded.requestHash !== hash && recorded.requestHash !== earlierHash?.()) throw new IdempotencyKeyReused();
      const outcome = this.opened((await this.store.find(answeredKey(key), now)) ?? recorded);
      await mayReplay?.(outcome);
      return { outcome, replayed: true };
    }
    const { later, ...outcome } = await run();
    const expiresAt = new Date(now.getTime() + keptForMs);
    await this.store.save(key, this.sealed(hash, outcome), { now, expiresAt });
    if (later && this.waitingAnswers < MAX_WAITING_ANSWERS) void this.keepAnswer(key, hash, later, expiresAt);
    return { outcome, replayed: false };
  }

  /** The answer given late, kept beside the first outcome for as long as that is. */
  private async keepAnswer(key: string, hash: string, later: NonNullable<Outcome['later']>, expiresAt: Date): Promise<void> {
    this.waitingAnswers++;
    try {
      const { later: _, ...answer } = await later(expiresAt.getTime() - this.clock.now().getTime());
      await this.store.save(answeredKey(key), this.sealed(hash, answer), { now: this.clock.now(), expiresAt });
    } catch (error) {
      // The service stopping, the key's time up, a store gone: repeats get the first outcome, as before.
      this.logger.warn(`The answer of a command recorded without it was not kept for its repeats: ${(error as Error).message}`);
    } finally {
      this.waitingAnswers--;
    }
  }

  private sealed(hash: string, outcome: Outcome): RecordedOutcome {
    return {
      requestHash: hash, status: outcome.status, headers: outcome.headers,
      sealedBody: this.secrets.encrypt(outcome.body === undefined ? '' : JSON.stringify(outcome.body)),
    };
  }

  private opened(recorded: RecordedOutcome): Outcome {
    const body = this.secrets.decrypt(recorded.sealedBody);
    return { status: recorded.status, headers: recorded.headers, body: body === '' ? undefined : JSON.parse(body) };
  }
}
