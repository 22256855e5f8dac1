/**
 * The event store port. Streams hold one aggregate's events; `$all` orders every event
 * of every stream by a global position that only grows.
 */

/** Position in the global log. `0n` means "before the first event". */
export type GlobalPosition = bigint;

/** What the appender believes the stream's current revision to be. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface NewEvent {
  /** Unique id of the event; appends are idempotent per event id where the store supports it. */
  id: string;
  /** Stable, past-tense type such as `CompanyCreated`. */
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface RecordedEvent extends NewEvent {
  streamName: string;
  /** 0-based index of the event inside its stream. */
  revision: bigint;
  position: GlobalPosition;
}

export interface AppendResult {
  /** Revision of the last event written. */
  nextRevision: bigint;
  /** Global position of the last event written. */
  position: GlobalPosition;
}

export interface ReadAllPage {
  events: RecordedEvent[];
  /** Position to read the next page from; equals the input when nothing was read. */
  nextPosition: GlobalPosition;
}

export interface Subscription {
  /** Stops delivery; resolves once the handler in flight, if any, has returned. */
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position. */
  from: GlobalPosition;
  /** Called with consecutive batches in global order; the next batch waits for it to resolve. */
  onEvents(events: RecordedEvent[]): Promise<void>;
  /** Called when delivery stops for a reason other than stop(). */
  onError?(error: unknown): void;
  /** Largest batch handed to onEvents. */
  batchSize?: number;
}

export interface EventStore {
  appendToStream(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in order; empty when the stream does not exist. */
  readStream(stream: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]>;
  /** One page of `$all` strictly after `from`, system events excluded. */
  readAll(from: GlobalPosition, maxCount: number): Promise<ReadAllPage>;
  /** Catch-up from `from`, then live. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Position of the newest event, `0n` for an empty store. */
  headPosition(): Promise<GlobalPosition>;
  /** Removes a stream for good; later appends to it fail with StreamDeleted. */
  tombstoneStream(stream: string): Promise<void>;
  close(): Promise<void>;
}

export class WrongExpectedRevision extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevision';
  }
}

export class StreamDeleted extends Error {
  constructor(readonly stream: string) {
    super(`Stream ${stream} is deleted`);
    this.name = 'StreamDeleted';
  }
}
