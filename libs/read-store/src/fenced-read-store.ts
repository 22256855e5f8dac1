import { StaleEpoch, type BatchChanges, type CollectionBatch, type ReadStore } from './read-store.port';
import { ReadStoreDecorator } from './read-store-decorator';

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
export class FencedReadStore extends ReadStoreDecorator {
  constructor(store: ReadStore, private readonly fence: WriterFence) {
    super(store);
  }

  override applyBatch(collection: string, changes: BatchChanges, checkpoint: bigint): Promise<void> {
    return this.fence.write((epoch) => this.store.applyBatch(collection, changes, checkpoint, epoch));
  }

  override applyBatches(batches: CollectionBatch[]): Promise<void> {
    return this.fence.write((epoch) => this.store.applyBatches(batches, epoch));
  }
}
