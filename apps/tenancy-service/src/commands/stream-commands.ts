import { Inject, Injectable } from '@nestjs/common';
import type { Command, Decider, DomainEvent, EventMetadata } from '@tenancy/domain';
import {
  WrongExpectedRevision, type EventStore, type GlobalPosition, type NewEvent,
} from '@tenancy/event-store';
import { problem } from '../http/problem';
import { HttpProblem } from '../http/to-problem';
import { EVENT_STORE, IDS, type Ids } from '@tenancy/platform';
import { ReadModelFreshness } from './read-model-freshness';

export interface Decided<S, E> {
  /** Stream revision after the command; -1 when the stream is still empty. */
  revision: bigint;
  position: GlobalPosition | null;
  events: E[];
  state: S;
  /** The state the command was decided on (e.g. a deleted company's members, to release their places). */
  previous: S;
}

/**
 * Without If-Match a conflict means deciding again on fresh state. A hot stream (one user
 * accepting many invitations at once) can lose many races in a row, so retries are many and
 * spread by a small jittered backoff; after the last one the caller is told to retry (409).
 */
const MAX_ATTEMPTS = 40;
const backoffMs = (attempt: number) => Math.random() * Math.min(2 * attempt, 25);

/**
 * The one way a command changes anything: load the stream, decide, append expecting the
 * revision that was read. Without If-Match a concurrent writer just means deciding again
 * on fresh state; with If-Match the caller asked for exactly that revision.
 */
@Injectable()
export class StreamCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDS) private readonly ids: Ids,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async load<S, E extends DomainEvent>(decider: Decider<Command, S, E>, stream: string) {
    const recorded = await this.store.readStream(stream);
    const state = recorded.reduce((s, r) => decider.evolve(s, r as unknown as E), decider.initialState());
    return { state, revision: recorded.length > 0 ? recorded[recorded.length - 1].revision : -1n };
  }

  async execute<C extends Command, S, E extends DomainEvent>(
    decider: Decider<C, S, E>, stream: string, command: C, ifMatch?: bigint,
  ): Promise<Decided<S, E>> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(decider as unknown as Decider<Command, S, E>, stream);
      if (ifMatch !== undefined && ifMatch !== revision) throw preconditionFailed(revision);
      const events = decider.decide(command, state);
      if (events.length === 0) return { revision, position: null, events, state, previous: state };
      try {
        const result = await this.store.appendToStream(
          stream, events.map((e) => this.toNewEvent(e, command)), revision < 0n ? 'no_stream' : revision);
        await this.freshness.waitFor(result.position);
        return {
          revision: result.nextRevision, position: result.position, events,
          state: events.reduce(decider.evolve, state), previous: state,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (ifMatch !== undefined) throw preconditionFailed(error.actual === 'no_stream' ? -1n : error.actual);
        if (attempt >= MAX_ATTEMPTS) throw concurrentChange();
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
      }
    }
  }

  private toNewEvent(event: DomainEvent, command: Command): NewEvent {
    const { commandId, correlationId, actor, now } = command.metadata;
    const metadata: EventMetadata = {
      eventId: this.ids.next(), commandId, correlationId, causationId: commandId,
      actor, occurredAt: now, schemaVersion: event.schemaVersion,
    };
    return {
      id: metadata.eventId, type: event.type,
      data: event.data as Record<string, unknown>, metadata: metadata as unknown as Record<string, unknown>,
    };
  }
}

function preconditionFailed(current: bigint): HttpProblem {
  return new HttpProblem(problem(412, 'request.stale_revision',
    `If-Match does not match the current revision ${current}; reload and try again`));
}

function concurrentChange(): HttpProblem {
  return new HttpProblem(problem(409, 'request.concurrent_change',
    'Others changed the same data at the same time, again and again; try again'));
}
