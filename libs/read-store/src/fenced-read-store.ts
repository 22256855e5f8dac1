import { StaleEpoch, type BatchChanges, type CollectionBatch, type CollectionOptions, type FieldValue, type IndexKey, type ListQuery, type ReadStore } from './read-store.port';

/**
 * The lease epoch the background work writes under (docs/adr/0003-single-active-projector.md):
 * set when the projector is granted the lease, unset in the embedded default (no lease, no fence).
 */
export class WriterFence {
  epoch: number | undefined;
  private readonly listeners: ((epoch: number) => void)[] = [];

  /** Called (not awaited) when a store refuses a write of the current epoch. */
  onRefused(listener: (epoch: number) => void): void {
    this.listeners.push(listener);
  }

  refused(error: StaleEpoch): void {
    for (const listener of this.listeners) listener(error.epoch);
  }

  /** Runs a write under the current epoch; a refusal is reported to the listeners before it is thrown to the writer. */
  async write<T>(write: (epoch: number | undefined) => Promise<T>): Promise<T> {
    try {
      return await write(this.epoch);
    } catch (error) {
      if (error instanceof StaleEpoch) this.refused(error);
      throw error;
    }
  }
}

/**
 * The read store as the background work sees it: every write (read-model batches, bare
 * checkpoints of the reactions and the fan-out) carries the fence's epoch, and a refusal is
 * reported to the fence before it is thrown to the writer.
 */
export class FencedReadStore implements ReadStore {
  constructor(private readonly store: ReadStore, private readonly fence: WriterFence) {}

  applyBatch(collection: string, changes: BatchChanges, checkpoint: bigint): Promise<void> {
    return this.fence.write((epoch) => this.store.applyBatch(collection, changes, checkpoint, epoch));
  }

  applyBatches(batches: CollectionBatch[]): Promise<void> {
    return this.fence.write((epoch) => this.store.applyBatches(batches, epoch));
  }

  ensureCollection(collection: string, indexes: IndexKey[], options?: CollectionOptions) {
    return this.store.ensureCollection(collection, indexes, options);
  }

  load(collection: string, ids: string[]) { return this.store.load(collection, ids); }
  checkpoint(collection: string) { return this.store.checkpoint(collection); }
  reset(collection: string) { return this.store.reset(collection); }
  get(collection: string, id: string) { return this.store.get(collection, id); }
  findOne(collection: string, filter: Record<string, FieldValue>) { return this.store.findOne(collection, filter); }
  list(collection: string, query: ListQuery) { return this.store.list(collection, query); }
  close() { return this.store.close(); }
}
