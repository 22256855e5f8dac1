import {
  WrongExpectedRevision,
  type AppendResult, type EventStore, type ExpectedRevision, type GlobalPosition, type NewEvent, type ReadAllPage,
  type RecordedEvent, type SubscribeOptions, type Subscription,
} from '../event-store.port';
import { EventStoreDecorator } from '../event-store-decorator';
import { chained, eventHash, HASH_KEY, storedHash, ZERO_HASH } from './event-hash';

/** How often an append expecting `any` or `stream_exists` is tried again when another writer got in between. */
const RACE_ATTEMPTS = 10;

/** Stream heads remembered at most; a forgotten one costs one read of the stream's last event. */
const REMEMBERED_LIMIT = 50_000;

/**
 * The event store with a hash chain per stream (docs/tamper-evidence.md): every appended event's
 * metadata gets `hash`, over the previous event's hash and the event as stored. It sits right on
 * the stored events, below personal-data encryption, so what it hashes is the ciphertext that
 * erasure leaves in place. The previous hash comes from the revision the append expects: the
 * event there is immutable, so a head remembered for it stays right, and an append that expects
 * `any` is made to expect the exact revision it chained to, and is tried again if it lost a race.
 * Readers above see events as they were appended, without the hash; verification reads the
 * store below it.
 */
export class HashChainedEventStore extends EventStoreDecorator {
  /** The chain value at a stream's last revision known to this process. */
  private readonly heads = new Map<string, { revision: bigint; hash: string }>();

  constructor(store: EventStore) {
    super(store);
  }

  override async appendToStream(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return this.store.appendToStream(stream, events, expected);
    for (let attempt = 1; ; attempt++) {
      const previous = await this.previous(stream, expected);
      const { events: withHashes, last } = chained(previous.hash, events);
      try {
        const result = await this.store.appendToStream(stream, withHashes, previous.expect);
        this.remember(stream, result.nextRevision, last);
        return result;
      } catch (error) {
        const raced = error instanceof WrongExpectedRevision && previous.expect !== expected;
        if (!raced) throw error;
        this.heads.delete(stream);
        if (attempt === RACE_ATTEMPTS) throw new WrongExpectedRevision(stream, expected, error.actual);
      }
    }
  }

  override async readStream(stream: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(stream, options);
    const last = events[events.length - 1];
    const hash = last && storedHash(last);
    if (hash) this.remember(stream, last.revision, hash);
    return events.map(withoutHash);
  }

  override async readAll(from: GlobalPosition, maxCount: number): Promise<ReadAllPage> {
    const page = await this.store.readAll(from, maxCount);
    return { ...page, events: page.events.map(withoutHash) };
  }

  override subscribeToAll(options: SubscribeOptions): Subscription {
    return this.store.subscribeToAll({ ...options, onEvents: (events) => options.onEvents(events.map(withoutHash)) });
  }


  override async tombstoneStream(stream: string): Promise<void> {
    this.heads.delete(stream);
    await this.store.tombstoneStream(stream);
  }


  /**
   * The hash to chain to and the exact revision to expect with it. A stale or future revision
   * is refused here as the store would refuse it: chaining to an event the append did not
   * expect would break the chain.
   */
  private async previous(stream: string, expected: ExpectedRevision): Promise<{ hash: string; expect: ExpectedRevision }> {
    if (expected === 'no_stream') return { hash: ZERO_HASH, expect: expected };
    if (typeof expected === 'bigint') {
      const known = this.heads.get(stream);
      if (known?.revision === expected) return { hash: known.hash, expect: expected };
      const [there] = await this.store.readStream(stream, { fromRevision: expected });
      if (there?.revision !== expected) throw new WrongExpectedRevision(stream, expected, await this.lastRevision(stream));
      return { hash: storedHash(there) ?? (await this.chainOf(stream, expected)), expect: expected };
    }
    const events = await this.store.readStream(stream);
    if (events.length === 0) {
      if (expected === 'stream_exists') throw new WrongExpectedRevision(stream, expected, 'no_stream');
      return { hash: ZERO_HASH, expect: 'no_stream' };
    }
    const last = events[events.length - 1];
    return { hash: storedHash(last) ?? (await this.chainOf(stream, last.revision)), expect: last.revision };
  }

  /** The chain value at `revision` of a stream whose events there were written before the chain: computed from its start. */
  private async chainOf(stream: string, revision: bigint): Promise<string> {
    let hash = ZERO_HASH;
    for (const event of await this.store.readStream(stream)) {
      if (event.revision > revision) break;
      hash = storedHash(event) ?? eventHash(hash, event);
    }
    return hash;
  }

  private async lastRevision(stream: string): Promise<bigint | 'no_stream'> {
    const events = await this.store.readStream(stream);
    return events.length === 0 ? 'no_stream' : events[events.length - 1].revision;
  }

  private remember(stream: string, revision: bigint, hash: string): void {
    if (this.heads.size >= REMEMBERED_LIMIT && !this.heads.has(stream)) this.heads.clear();
    this.heads.set(stream, { revision, hash });
  }
}

/** The event as it was appended: the chain is the store's business, checked below this decorator. */
function withoutHash(event: RecordedEvent): RecordedEvent {
  if (!(HASH_KEY in event.metadata)) return event;
  const { [HASH_KEY]: _hash, ...metadata } = event.metadata;
  return { ...event, metadata };
}
