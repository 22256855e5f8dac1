import type {
  AppendResult, EventStore, ExpectedRevision, GlobalPosition, NewEvent, ReadAllPage, RecordedEvent, SubscribeOptions, Subscription,
} from './event-store.port';

/**
 * An event store over another that hands every call down unchanged: a decorator (the hash chain,
 * personal data sealing, upcasting) extends it and overrides only the calls it changes.
 */
export abstract class EventStoreDecorator implements EventStore {
  constructor(protected readonly store: EventStore) {}

  appendToStream(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.store.appendToStream(stream, events, expected);
  }

  readStream(stream: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]> {
    return this.store.readStream(stream, options);
  }

  readAll(from: GlobalPosition, maxCount: number): Promise<ReadAllPage> {
    return this.store.readAll(from, maxCount);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.store.subscribeToAll(options);
  }

  headPosition(): Promise<GlobalPosition> {
    return this.store.headPosition();
  }

  tombstoneStream(stream: string): Promise<void> {
    return this.store.tombstoneStream(stream);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
