import { actorAsRecorded, type Command, type Decider, type DomainEvent, type EventMetadata } from '@tenancy/domain';
import { eventOf, WrongExpectedRevision, type EventStore, type NewEvent, type RecordedEvent } from '@tenancy/event-store';
import { retry } from '@tenancy/resilience';
import { ConcurrentChange, revisionMatches, StaleRevision, type ExpectedRevision } from './command-errors';
import type { Loaded } from './loaded';
import type { Snapshots } from './snapshots';
import type { Decided } from './decided';

export interface Ids {
  next(): string;
}

export interface HandleOptions {
  /**
   * The revision the caller read (HTTP If-Match): any other is StaleRevision, never a retry. It is
   * compared only once the command is decided and accepted: a refusal is answered before it.
   * `'exists'` (If-Match `*`) takes any revision but none: a create sent with it is StaleRevision.
   */
  expectedRevision?: ExpectedRevision;
}


/**
 * Without an expected revision a conflict means deciding again on fresh state. A hot stream (one
 * user accepting many invitations at once) can lose many races in a row, so retries are many and
 * spread by a small jittered backoff; after the last one the caller is told (ConcurrentChange).
 */
const CONFLICT_RETRIES = { attempts: 40, backoff: { baseMs: 2, maxMs: 25 } };

/**
 * The one way a command changes anything: load the stream, decide, append expecting the
 * revision that was read. Every command of both transports and every reaction ends here.
 */
export class Aggregates {
  constructor(private readonly store: EventStore, private readonly ids: Ids, private readonly snapshots?: Snapshots) {}

  /** The stream folded into state (from its snapshot, when a decider with a `stateVersion` has one), and the events read. */
  async load<S, E extends DomainEvent>(decider: Decider<never, S, E>, streamName: string): Promise<Loaded<S>> {
    const snapshot = await this.snapshots?.latest(decider, streamName) ?? null;
    const recorded = await this.store.readStream(streamName, snapshot ? { fromRevision: snapshot.revision + 1n } : undefined);
    // The store hands events out in their current shape (UpcastingEventStore): they are the decider's events.
    const state = recorded.reduce((s, event) => decider.evolve(s, eventOf<E>(event)), snapshot ? snapshot.state as S : decider.initialState());
    const loaded: Loaded<S> = {
      state, recorded, earlierCommands: snapshot?.commands ?? {},
      revision: recorded.length > 0 ? recorded[recorded.length - 1].revision : snapshot?.revision ?? -1n,
    };
    this.snapshots?.keep(decider, streamName, loaded);
    return loaded;
  }

  /**
   * The stream folded from its start up to and including `revision`: the state a command's answer
   * reported (its revision), for a look back; commands decide on `load`'s state.
   */
  async stateAt<S, E extends DomainEvent>(decider: Decider<never, S, E>, streamName: string, revision: bigint): Promise<S> {
    const recorded = await this.store.readStream(streamName);
    return recorded.filter((event) => event.revision <= revision).reduce((s, event) => decider.evolve(s, eventOf<E>(event)), decider.initialState());
  }

  /**
   * Decides the command and appends what it decided. A command whose id the stream already
   * records (a redelivered Kafka message, a retried reaction) is not decided again: it answers
   * with the revision it reached then.
   */
  async handle<C extends Command, S, E extends DomainEvent>(
    decider: Decider<C, S, E>, streamName: string, command: C, options: HandleOptions = {}, loaded?: Loaded<S>,
  ): Promise<Decided<S, E>> {
    // The stream as the caller just loaded it serves the first attempt; a conflict reloads.
    let stream = loaded;
    try {
      return await retry(async () => {
        const current = stream ?? await this.load(decider as Decider<never, S, E>, streamName);
        stream = undefined;
        return this.attempt(decider, streamName, command, options, current);
      }, { ...CONFLICT_RETRIES, retryOn: (error) => error instanceof WrongExpectedRevision && !pinsRevision(options) });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
      if (!pinsRevision(options)) throw new ConcurrentChange(streamName);
      throw new StaleRevision(streamName, options.expectedRevision!, error.actual === 'no_stream' ? -1n : error.actual);
    }
  }

  /** One decision on the stream as loaded; a concurrent writer makes its append fail with WrongExpectedRevision. */
  private async attempt<C extends Command, S, E extends DomainEvent>(
    decider: Decider<C, S, E>, streamName: string, command: C, options: HandleOptions, { state, recorded, revision, earlierCommands }: Loaded<S>,
  ): Promise<Decided<S, E>> {
    const before = decidedBefore({ recorded, earlierCommands }, command.metadata.commandId);
    if (before !== null) return { streamName, revision: before, position: null, events: [], state };
    // Decided before the revision is compared (RFC 9110 §13.2.1: preconditions are evaluated after
    // the checks that would refuse the request anyway). Any refusal (not found, forbidden, a domain
    // rule) is the answer whatever the If-Match; a 412 before it would tell a stranger that the
    // company exists and at which revision. Only a command that would be accepted is stale.
    const events = decider.decide(command, state);
    if (options.expectedRevision !== undefined && !revisionMatches(options.expectedRevision, revision)) {
      throw new StaleRevision(streamName, options.expectedRevision, revision);
    }
    if (events.length === 0) return { streamName, revision, position: null, events, state };
    const appended = await this.store.appendToStream(
      streamName, events.map((event) => this.toNewEvent(event, command)), revision < 0n ? 'no_stream' : revision);
    return { streamName, revision: appended.nextRevision, position: appended.position, events, state: events.reduce(decider.evolve, state) };
  }

  private toNewEvent(event: DomainEvent, command: Command): NewEvent {
    const { commandId, correlationId, causationId, actor, now, traceparent } = command.metadata;
    const metadata: EventMetadata = {
      eventId: this.ids.next(), commandId, correlationId, causationId, actor: actorAsRecorded(actor), occurredAt: now, schemaVersion: event.schemaVersion,
      ...(traceparent !== undefined ? { traceparent } : {}),
    };
    return { id: metadata.eventId, type: event.type, data: event.data as Record<string, unknown>, metadata: { ...metadata } };
  }
}

/**
 * Whether a conflict is the caller's stale revision rather than a race to decide again: If-Match
 * named one revision. `*` is still true of the stream another writer moved on, so it retries.
 */
const pinsRevision = (options: HandleOptions): boolean =>
  options.expectedRevision !== undefined && options.expectedRevision !== 'exists';

/** The revision of the last event a command recorded, or null when the stream has none of its events. */
export function decidedBefore({ recorded, earlierCommands }: Pick<Loaded<unknown>, 'recorded' | 'earlierCommands'>, commandId: string): bigint | null {
  for (let i = recorded.length - 1; i >= 0; i--) {
    if (recorded[i].metadata.commandId === commandId) return recorded[i].revision;
  }
  const earlier = earlierCommands[commandId];
  return earlier === undefined ? null : BigInt(earlier);
}

