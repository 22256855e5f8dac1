import type { Collection, Db } from 'mongodb';
import { snapshotBody, type Snapshot, type SnapshotStore } from './snapshot-store.port';

interface SnapshotDocument {
  _id: string;
  shape: string;
  revision: number;
  body: string;
}

const DUPLICATE_KEY = 11000;

/** Snapshots in the `snapshots` collection, one document per stream. */
export class MongoSnapshotStore implements SnapshotStore {
  private readonly snapshots: Collection<SnapshotDocument>;

  constructor(db: Db) {
    this.snapshots = db.collection<SnapshotDocument>('snapshots');
  }

  async get(stream: string): Promise<Snapshot | null> {
    const found = await this.snapshots.findOne({ _id: stream });
    if (!found) return null;
    const { state, commands } = JSON.parse(found.body) as Pick<Snapshot, 'state' | 'commands'>;
    return { stream, shape: found.shape, revision: BigInt(found.revision), state, commands };
  }

  async put(snapshot: Snapshot): Promise<void> {
    const { stream, shape } = snapshot;
    const revision = Number(snapshot.revision);
    try {
      // Matches only an older snapshot (or one of another shape); a newer one makes the upsert
      // collide on _id, and the newer one stays.
      await this.snapshots.updateOne(
        { _id: stream, $or: [{ revision: { $lt: revision } }, { shape: { $ne: shape } }] },
        { $set: { shape, revision, body: snapshotBody(snapshot) } },
        { upsert: true },
      );
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }

  async forget(stream: string): Promise<void> {
    await this.snapshots.deleteOne({ _id: stream });
  }

  async forgetAll(): Promise<void> {
    await this.snapshots.deleteMany({});
  }
}
