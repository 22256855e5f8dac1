import {
  BACKWARDS, END, EventStoreDBClient, FORWARDS, START, excludeSystemEvents,
  type AllStreamResolvedEvent, type Direction, type ReadPosition,
} from '@eventstore/db-client';
import {
  AppendResult, EventStore, ExpectedRevision, GlobalPosition, NewEvent, ReadAllPage, RecordedEvent,
  Subscription, SubscribeOptions, WrongExpectedRevision,
} from '../event-store.port';
import { DEFAULT_READ_CHUNK, scanAllPage, scanHead, type RawRecordInfo } from './all-reader';
import { InFlightLimiter, retry, type Backoff } from '@tenancy/resilience';
import { isResourceExhausted, isStreamDeletedError, isStreamNotFound, isTransient, toAppendExpectedRevision, toPortError } from './errors';
import { LiveWakeups } from './live-wakeups';
import { toEventData, toRecordedEvent, withKeepAlive } from './mapping';
import { NO_POSITION, isSystemEventType, toGlobalPosition } from './positions';
import { resumableSubscription } from './resumable-subscription';

export interface EventStoreDbOptions {
  /** Appends in flight at once; more wait their turn. Default 32. */
  maxInFlightAppends?: number;
  /** Attempts (first included) for appends refused with RESOURCE_EXHAUSTED. Default 6. */
  appendAttempts?: number;
  appendBackoff?: Backoff;
  /** Backoff for resubscribing and for retrying reads of a subscription. */
  subscriptionBackoff?: Backoff;
  /** Safety-net poll of a caught-up subscription, in ms. Default 2000. */
  idlePollMs?: number;
  /** Largest `$all` read asked of the server at once. Default 500. */
  readChunkSize?: number;
  /** Told when the shared live subscription drops (it resubscribes by itself). */
  onLiveSubscriptionDropped?(error: unknown): void;
}

const recordInfo: RawRecordInfo<AllStreamResolvedEvent> = {
  positionOf: (record) => record.event?.position
    ?? { commit: record.commitPosition ?? 0n, prepare: record.commitPosition ?? 0n },
  isSystem: (record) => !record.event || isSystemEventType(record.event.type),
};

/**
 * The event-store port on EventStoreDB (v20+, gRPC) through @eventstore/db-client.
 * Positions: see positions.ts and docs/adr/0002-eventstoredb-positions.md.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly appends: InFlightLimiter;
  private readonly wakeups: LiveWakeups;
  private readonly subscriptions = new Set<Subscription>();
  private readonly options: Required<Omit<EventStoreDbOptions, 'onLiveSubscriptionDropped'>>;

  /** Connects with an `esdb://` connection string; keep-alive settings are added if absent. */
  static connect(connectionString: string, options: EventStoreDbOptions = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(withKeepAlive(connectionString)), options);
  }

  constructor(private readonly client: EventStoreDBClient, options: EventStoreDbOptions = {}) {
    this.options = {
      maxInFlightAppends: options.maxInFlightAppends ?? 32,
      appendAttempts: options.appendAttempts ?? 6,
      appendBackoff: options.appendBackoff ?? { baseMs: 50, maxMs: 2_000 },
      subscriptionBackoff: options.subscriptionBackoff ?? { baseMs: 250, maxMs: 10_000 },
      idlePollMs: options.idlePollMs ?? 2_000,
      readChunkSize: options.readChunkSize ?? DEFAULT_READ_CHUNK,
    };
    this.appends = new InFlightLimiter(this.options.maxInFlightAppends);
    this.wakeups = new LiveWakeups(
      () => this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() }),
      this.options.subscriptionBackoff,
      options.onLiveSubscriptionDropped,
    );
  }

  async appendToStream(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const expectedRevision = toAppendExpectedRevision(expected);
    const data = events.map(toEventData);
    let result;
    try {
      // Retrying re-sends the same event ids with the same expectation: the server treats
      // a repeat of an append that did land as idempotent (best effort only with `any`).
      result = await retry(
        () => this.appends.run(() => this.client.appendToStream(stream, data, { expectedRevision })),
        { backoff: this.options.appendBackoff, attempts: this.options.appendAttempts, retryOn: isResourceExhausted },
      );
    } catch (error) {
      throw toPortError(error, stream, expected);
    }
    if (!result.success) {
      // Only when `throwOnAppendFailure=false` is in the connection string.
      throw new WrongExpectedRevision(stream, expected, result.nextExpectedRevision < 0n ? 'no_stream' : result.nextExpectedRevision);
    }
    if (events.length === 0) return { nextRevision: result.nextExpectedRevision, position: toGlobalPosition(result.position) };
    this.wakeups.notify();
    const position = result.position
      ? toGlobalPosition(result.position)
      // The reply's position is optional (e.g. it may be missing for an append already written).
      : await this.positionOf(stream, result.nextExpectedRevision);
    return { nextRevision: result.nextExpectedRevision, position };
  }

  async readStream(stream: string, options: { fromRevision?: bigint } = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { fromRevision: options.fromRevision ?? START })) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw toPortError(error, stream);
    }
    return events;
  }

  async readAll(from: GlobalPosition, maxCount: number): Promise<ReadAllPage> {
    const page = await scanAllPage(this.rawReader(FORWARDS), recordInfo, from, maxCount, this.options.readChunkSize);
    return {
      events: page.events.map((record) => toRecordedEvent(record.event!)),
      nextPosition: page.nextPosition,
    };
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = resumableSubscription({
      readPage: (from, maxCount) => this.readAll(from, maxCount),
      listen: (wake) => this.wakeups.listen(wake),
      isTransient,
      idlePollMs: this.options.idlePollMs,
      retry: this.options.subscriptionBackoff,
    }, {
      ...options,
      onError: (error) => {
        this.subscriptions.delete(subscription);
        options.onError?.(error);
      },
    });
    this.subscriptions.add(subscription);
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async headPosition(): Promise<GlobalPosition> {
    return scanHead(this.rawReader(BACKWARDS), recordInfo);
  }

  async tombstoneStream(stream: string): Promise<void> {
    try {
      await this.client.tombstoneStream(stream);
    } catch (error) {
      if (isStreamDeletedError(error)) return; // already tombstoned
      throw error;
    }
  }

  async close(): Promise<void> {
    const subscriptions = [...this.subscriptions];
    this.subscriptions.clear();
    await Promise.allSettled(subscriptions.map((subscription) => subscription.stop()));
    this.wakeups.close();
    await this.client.dispose();
  }

  /** Position of one event of a stream; NO_POSITION on servers older than 22.6, which do not say. */
  private async positionOf(stream: string, revision: bigint): Promise<GlobalPosition> {
    for await (const resolved of this.client.readStream(stream, { fromRevision: revision, maxCount: 1 })) {
      return toGlobalPosition(resolved.event?.position);
    }
    return NO_POSITION;
  }

  /** A bounded `$all` read collected into an array (at most `count` records). */
  private rawReader(direction: Direction) {
    return async (from: ReadPosition, count: number): Promise<AllStreamResolvedEvent[]> => {
      const records: AllStreamResolvedEvent[] = [];
      for await (const record of this.client.readAll({ fromPosition: from, maxCount: count, direction, resolveLinkTos: false })) {
        records.push(record);
      }
      return records;
    };
  }
}
