import type { BatchChanges, CollectionBatch, CollectionOptions, FieldValue, IndexKey, ListQuery, ListPlan, ReadStore } from './read-store.port';

/**
 * A read store that hands every call to the one it wraps. A decorator (the writer fence, the
 * installation's origin record) extends it and overrides only the calls it changes, so a call
 * added to the port is passed on by every decorator at once rather than lost in one of them.
 */
export abstract class ReadStoreDecorator implements ReadStore {
  constructor(protected readonly store: ReadStore) {}

  applyBatch(collection: string, changes: BatchChanges, checkpoint: bigint, epoch?: number): Promise<void> {
    return this.store.applyBatch(collection, changes, checkpoint, epoch);
  }

  applyBatches(batches: CollectionBatch[], epoch?: number): Promise<void> {
    return this.store.applyBatches(batches, epoch);
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
  explainList(collection: string, query: ListQuery): Promise<ListPlan | null> { return this.store.explainList?.(collection, query) ?? Promise.resolve(null); }
  close() { return this.store.close(); }
}
