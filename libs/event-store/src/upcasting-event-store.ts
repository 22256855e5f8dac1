import type { EventStore, GlobalPosition, ReadAllPage, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';
import { EventStoreDecorator } from './event-store-decorator';

/** What an upcaster needs of a stored event, and what it gives back. */
export interface VersionedData {
  type: string;
  schemaVersion: number;
  data: unknown;
}

export type Upcast = (event: VersionedData) => VersionedData;

/**
 * The event store as every reader should see it: each event in the current shape of its type,
 * its metadata's `schemaVersion` saying which (`metadata.storedSchemaVersion` keeps the one it was
 * written in when they differ). Appends pass through untouched; what is stored is never rewritten.
 */
export class UpcastingEventStore extends EventStoreDecorator {
  constructor(store: EventStore, private readonly upcast: Upcast) {
    super(store);
  }


  override async readStream(stream: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]> {
    return (await this.store.readStream(stream, options)).map(this.current);
  }

  override async readAll(from: GlobalPosition, maxCount: number): Promise<ReadAllPage> {
    const page = await this.store.readAll(from, maxCount);
    return { ...page, events: page.events.map(this.current) };
  }

  override subscribeToAll(options: SubscribeOptions): Subscription {
    return this.store.subscribeToAll({ ...options, onEvents: (events) => options.onEvents(events.map(this.current)) });
  }




  private readonly current = (event: RecordedEvent): RecordedEvent => {
    const stored = typeof event.metadata.schemaVersion === 'number' ? event.metadata.schemaVersion : 1;
    const read = this.upcast({ type: event.type, schemaVersion: stored, data: event.data });
    if (read.schemaVersion === stored) return event;
    return {
      ...event,
      data: read.data as Record<string, unknown>,
      metadata: { ...event.metadata, schemaVersion: read.schemaVersion, storedSchemaVersion: stored },
    };
  };
}
