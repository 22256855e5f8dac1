import { MongoBulkWriteError, MongoServerError, type Db } from 'mongodb';
import { StaleEpoch } from '../read-store.port';
import { notNewerThan } from './mongo-filters';

/** The collection of the read models' checkpoints, which also holds the fence. */
export const CHECKPOINTS = 'checkpoints';
/** The fence's id among the checkpoints; no collection can have it (not a field name). */
const FENCE = '#fence';
const DUPLICATE_KEY = 11000;

interface Fence { _id: string; epoch: number }

/**
 * Records `epoch` as the newest writer's in the database's one `#fence` document, shared by every
 * store in it (read models, webhook deliveries), or throws StaleEpoch when a newer one has written
 * (docs/adr/0003-single-active-projector.md). MongoDB has no transactions here, so each write
 * after it is also conditional on the epoch stored with what it overwrites.
 */
export async function raiseFence(db: Db, epoch: number): Promise<void> {
  const fences = db.collection<Fence>(CHECKPOINTS);
  await refusedWhenNewer(epoch, () => fences.updateOne({ _id: FENCE, epoch: notNewerThan(epoch) }, { $set: { epoch } }, { upsert: true }),
    async () => (await fences.findOne({ _id: FENCE }))?.epoch);
}

/**
 * Runs an upsert conditional on the stored epoch. Its duplicate key means the stored one is
 * newer (StaleEpoch), or that another writer inserted first (then once more).
 */
export async function refusedWhenNewer(epoch: number, write: () => Promise<unknown>, storedEpoch: () => Promise<number | undefined>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
      const newer = await storedEpoch();
      if (newer !== undefined && newer > epoch) throw new StaleEpoch(epoch, newer);
      if (attempt >= 2) throw error;
    }
  }
}

export function onlyDuplicateKeys(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const errors = [error.writeErrors].flat();
    return errors.length > 0 && errors.every((e) => e.code === DUPLICATE_KEY);
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}
