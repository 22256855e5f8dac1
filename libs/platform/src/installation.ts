import { REACTIONS_CHECKPOINT } from '@tenancy/application';
import { StreamDeleted, type EventStore, type RecordedEvent } from '@tenancy/event-store';
import { FAN_OUT_CHECKPOINT, WEBHOOK_DELIVERIES_CHECKPOINT } from '@tenancy/messaging';
import { ALL_PROJECTIONS } from '@tenancy/projections';
import { ReadStoreDecorator, type BatchChanges, type CollectionBatch, type ReadStore } from '@tenancy/read-store';

/** Where the read store records which event store it was built from: one document, no company. */
export const INSTALLATION_COLLECTION = 'installation_v1';
const MARKER_ID = 'event-store';

/** The event store's first event: which event store a read store was built from. */
export interface Origin { eventId: string; streamName: string }

/** Every checkpoint kept in the read store: the read models', and the subscribers' beside them. */
const CHECKPOINTS = [...ALL_PROJECTIONS.map((p) => p.name), REACTIONS_CHECKPOINT, FAN_OUT_CHECKPOINT, WEBHOOK_DELIVERIES_CHECKPOINT];

/**
 * The read store belongs to another event store: starting would serve (and act on) another
 * installation's data. A plain Error, as start-up's own refusals are: its message is the line.
 */
const foreignReadStore = (reason: string, remedy: string) => new Error(`${reason}. ${remedy}`);

/** How the message names the stores and says what to do, by configuration. */
export interface StoreNames {
  readStore: string;
  eventStore: string;
  remedy: string;
}

/**
 * Checks that the read store (read models, subscribers' checkpoints, and beside them keys and
 * deliveries) was built from this event store, before anything reads or writes it. The read
 * store records the event store's first event the first time the two meet; later, that event
 * must still be this event store's (or its stream deleted here, as a deleted company's is). A
 * read store from before the record, or one that never saw an event, must have no checkpoint
 * past this event store's newest event. Every process that opens the stores checks the same
 * (the service and the projector sharing them record the same first event). The answer's
 * `record()` writes the first meeting down, once the caller's other checks have passed.
 */
export async function checkInstallation(events: EventStore, readStore: ReadStore, names: StoreNames): Promise<{ record(): Promise<void> }> {
  const [head, first, recorded] = await Promise.all([
    events.headPosition(),
    events.readAll(0n, 1).then((page) => page.events[0] as RecordedEvent | undefined),
    recordedOrigin(readStore),
  ]);
  if (recorded && !(await isOrigin(events, recorded, first))) {
    throw foreignReadStore(`the read store (${names.readStore}) was built from another event store than ${names.eventStore}: `
      + `its first event was ${recorded.eventId} in ${recorded.streamName}, which this event store ${first ? `does not hold (its first is ${first.id})` : 'does not hold (it is empty)'}`,
    names.remedy);
  }
  for (const name of CHECKPOINTS) {
    const checkpoint = await readStore.checkpoint(name);
    if (checkpoint > head) {
      throw foreignReadStore(`the read store (${names.readStore}) has ${name} at position ${checkpoint}, past the newest event of `
        + `${names.eventStore} at ${head}: it was built from another event store, or this one was restored from an older copy`, names.remedy);
    }
  }
  return {
    // Once every other check of the stores has passed: a refused start changes nothing.
    async record() {
      if (!recorded && first) await recordOrigin(readStore, { eventId: first.id, streamName: first.streamName });
    },
  };
}

/**
 * The collection's checkpoint says whether the record was written, so a start that finds none
 * reads only the checkpoints' table: the collection is made when the record is (FerretDB made
 * the drivers' reconnecting after an outage flaky when every start created it in a new database).
 */
const RECORDED = 1n;

async function recordedOrigin(readStore: ReadStore): Promise<Origin | null> {
  if (await readStore.checkpoint(INSTALLATION_COLLECTION) < RECORDED) return null;
  return readStore.get(INSTALLATION_COLLECTION, MARKER_ID) as Promise<Origin | null>;
}

/** Writes the event store's first event down (the collection made first). */
export async function recordOrigin(readStore: ReadStore, origin: Origin): Promise<void> {
  await readStore.ensureCollection(INSTALLATION_COLLECTION, []);
  await readStore.applyBatch(INSTALLATION_COLLECTION, {
    removeCompanies: [], removals: [], upserts: [{ id: MARKER_ID, companyId: MARKER_ID, position: 0n, doc: { ...origin } }],
  }, RECORDED);
}

/**
 * The read store as this process writes it: before any checkpoint first moves past 0 (the first
 * event projected, reacted to or fanned out), the event store's first event is recorded if it is
 * not yet. So an installation started empty is bound to its event store from its first event on,
 * not only from its next start (checkInstallation's record() covers read stores from before the
 * record). Every writer of the read store goes through this one wrapper (openStores makes it).
 */
export class OriginRecordingReadStore extends ReadStoreDecorator {
  private recorded: Promise<void> | null = null;

  /** `withFirstEvent`: what else the read store records when it records the first event (the server key's check value). */
  constructor(
    store: ReadStore, private readonly events: EventStore,
    private readonly withFirstEvent: (store: ReadStore) => Promise<void> = async () => undefined,
  ) {
    super(store);
  }

  override async applyBatch(collection: string, changes: BatchChanges, checkpoint: bigint, epoch?: number): Promise<void> {
    if (checkpoint > 0n) await this.originRecorded();
    return this.store.applyBatch(collection, changes, checkpoint, epoch);
  }

  override async applyBatches(batches: CollectionBatch[], epoch?: number): Promise<void> {
    if (batches.some(({ checkpoint }) => checkpoint > 0n)) await this.originRecorded();
    return this.store.applyBatches(batches, epoch);
  }

  /** Once per process: an attempt that failed (the store down) or found no event yet is made again by the next write. */
  private originRecorded(): Promise<void> {
    this.recorded ??= this.recordFirstEvent().then(
      (done) => { if (!done) this.recorded = null; },
      (error) => { this.recorded = null; throw error; },
    );
    return this.recorded;
  }

  /** Whether the read store now records the event store's first event. */
  private async recordFirstEvent(): Promise<boolean> {
    if (await recordedOrigin(this.store)) return true;
    const [first] = (await this.events.readAll(0n, 1)).events;
    if (!first) return false;
    await this.withFirstEvent(this.store);
    await recordOrigin(this.store, { eventId: first.id, streamName: first.streamName });
    return true;
  }
}

async function isOrigin(events: EventStore, origin: Origin, first: RecordedEvent | undefined): Promise<boolean> {
  if (first?.id === origin.eventId) return true;
  // Not first any more: EventStoreDB drops a deleted stream's events when it scavenges.
  try {
    return (await events.readStream(origin.streamName)).some((event) => event.id === origin.eventId);
  } catch (error) {
    if (error instanceof StreamDeleted) return true;
    throw error;
  }
}
