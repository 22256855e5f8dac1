import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoSnapshotStore } from './mongo-snapshot-store';
import { snapshotStoreContract } from './snapshot-store.contract';

const url = process.env.MONGODB_URL;
if (url) {
  snapshotStoreContract('MongoDB', async () => {
    const client = await MongoClient.connect(url);
    const db = client.db(`snap_${randomUUID().slice(0, 8)}`);
    return { store: new MongoSnapshotStore(db), dispose: async () => { await db.dropDatabase(); await client.close(); } };
  });
} else {
  process.stdout.write('[mongodb] MONGODB_URL not set — MongoDB snapshot-store suite skipped\n');
  it.skip('SnapshotStore contract: MongoDB (MONGODB_URL not set)', () => undefined);
}
