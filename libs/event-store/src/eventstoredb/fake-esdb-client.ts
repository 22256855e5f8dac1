import { EventEmitter } from 'node:events';
import {
  BACKWARDS, END, START, StreamDeletedError, StreamNotFoundError, UnavailableError, UnknownError,
  WrongExpectedVersionError, type AppendExpectedRevision, type AppendResult, type EventData,
  type EventStoreDBClient, type Position, type ReadAllOptions, type ReadStreamOptions,
} from '@eventstore/db-client';
import { comparePositions } from './positions';

/**
 * TEST DOUBLE — an in-memory stand-in for the parts of EventStoreDBClient the adapter calls,
 * modelled on ESDB v22.6+ as read from the server and client sources: self-committed events
 * at `{commit: P, prepare: P}`, forward `$all` reads inclusive of the start position and
 * backward reads exclusive, a `$>` link (system event) after every append as projections
 * would write, client error classes as the client throws them. It is no substitute for the
 * contract suite against a real server (EVENTSTORE_URL).
 */
interface Stored { streamId: string; id: string; type: string; revision: bigint; data: unknown; metadata: unknown; isJson: true; position: Position }

const grpcError = (code: number, details: string) =>
  ({ code, details, message: `${code} ${details}`, metadata: undefined }) as unknown as ServiceError;

/** grpc-js's ServiceError, as the client's error constructors take it. */
type ServiceError = NonNullable<ConstructorParameters<typeof UnknownError>[0]>;

export class FakeEsdbClient {
  readonly log: Stored[] = [];
  private readonly streams = new Map<string, { revision: bigint; deleted: boolean }>();
  private readonly live = new Set<EventEmitter>();
  private nextPosition = 1_000n;
  /** Appends to refuse with RESOURCE_EXHAUSTED before accepting again. */
  busyAppends = 0;
  /** Reply to appends without a position, as for an append the server found already written. */
  omitAppendPosition = false;
  /** `$all` reads to fail with UNAVAILABLE before answering again. */
  failingReads = 0;
  appendCalls = 0;
  appendsInFlight = 0;
  peakAppendsInFlight = 0;
  subscriptionsOpened = 0;

  asClient(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  async appendToStream(streamName: string, events: EventData[], { expectedRevision = 'any' }: { expectedRevision?: AppendExpectedRevision } = {}): Promise<AppendResult> {
    this.appendCalls += 1;
    this.appendsInFlight += 1;
    this.peakAppendsInFlight = Math.max(this.peakAppendsInFlight, this.appendsInFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.appendsInFlight -= 1;
    if (this.busyAppends > 0) {
      this.busyAppends -= 1;
      throw new UnknownError(grpcError(8, 'RESOURCE_EXHAUSTED: server too busy'));
    }
    const stream = this.streams.get(streamName);
    if (stream?.deleted) throw StreamDeletedError.fromStreamName(streamName);
    const current = stream ? stream.revision : 'no_stream';
    const ok = expectedRevision === 'any' || (expectedRevision === 'no_stream' ? current === 'no_stream'
      : expectedRevision === 'stream_exists' ? current !== 'no_stream' : current === expectedRevision);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected: expectedRevision, current });
    let revision = stream ? stream.revision : -1n;
    let position: Position | undefined;
    for (const event of events) {
      revision += 1n;
      position = this.write(streamName, revision, event.id, event.type, event.data, event.metadata);
      this.write(`$et-${event.type}`, 0n, `link-${event.id}`, '$>', `${revision}@${streamName}`, undefined);
    }
    if (events.length > 0) this.streams.set(streamName, { revision, deleted: false });
    return { success: true, nextExpectedRevision: revision, position: this.omitAppendPosition ? undefined : position };
  }

  readStream(streamName: string, { fromRevision = START, maxCount = Number.MAX_SAFE_INTEGER }: ReadStreamOptions = {}) {
    const stream = this.streams.get(streamName);
    const events = this.log
      .filter((e) => e.streamId === streamName && (fromRevision === START || e.revision >= (fromRevision as bigint)))
      .slice(0, Number(maxCount));
    return (async function* () {
      if (stream?.deleted) throw StreamDeletedError.fromStreamName(streamName);
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      for (const event of events) yield { event: { ...event } };
    })();
  }

  readAll({ fromPosition = START, maxCount = Number.MAX_SAFE_INTEGER, direction }: ReadAllOptions = {}) {
    if (this.failingReads > 0) {
      this.failingReads -= 1;
      return (async function* () { throw new UnavailableError(grpcError(14, 'connection dropped')); })();
    }
    let records: Stored[];
    if (direction === BACKWARDS) {
      records = [...(fromPosition === END ? this.log : this.log.filter((e) => fromPosition !== START && comparePositions(e.position, fromPosition) < 0))].reverse();
    } else {
      records = fromPosition === START ? this.log : fromPosition === END ? [] : this.log.filter((e) => comparePositions(e.position, fromPosition) >= 0);
    }
    const page = records.slice(0, Number(maxCount)).map((event) => ({ event: { ...event }, commitPosition: event.position.commit }));
    return (async function* () { yield* page; })();
  }

  subscribeToAll() {
    this.subscriptionsOpened += 1;
    const subscription = Object.assign(new EventEmitter(), {
      unsubscribe: async () => { this.live.delete(subscription); },
    });
    this.live.add(subscription);
    setImmediate(() => subscription.emit('confirmation'));
    return subscription;
  }

  /** The server or network drops every live subscription (they error out). */
  dropLiveSubscriptions(): void {
    for (const subscription of [...this.live]) {
      this.live.delete(subscription);
      subscription.emit('error', new UnavailableError(grpcError(14, 'keepalive timeout')));
    }
  }

  get liveSubscriptions(): number {
    return this.live.size;
  }

  async tombstoneStream(streamName: string) {
    if (this.streams.get(streamName)?.deleted) throw StreamDeletedError.fromStreamName(streamName);
    this.streams.set(streamName, { revision: -1n, deleted: true });
    return { position: this.write(streamName, 0n, `tombstone-${streamName}`, '$streamDeleted', {}, undefined) };
  }

  async dispose() {
    this.live.clear();
  }

  private write(streamId: string, revision: bigint, id: string, type: string, data: unknown, metadata: unknown): Position {
    const position = { commit: this.nextPosition, prepare: this.nextPosition };
    this.nextPosition += 137n;
    const stored: Stored = { streamId, id, type, revision, data, metadata, isJson: true, position };
    this.log.push(stored);
    if (!type.startsWith('$')) for (const subscription of this.live) subscription.emit('data', { event: stored });
    return position;
  }
}
