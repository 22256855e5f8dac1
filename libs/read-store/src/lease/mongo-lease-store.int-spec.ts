import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { leaseStoreContract } from './lease-store.contract';
import { MongoLeaseStore } from './mongo-lease-store';

const url = process.env.MONGODB_URL;
if (url) {
  leaseStoreContract('MongoDB', async (clock) => {
    const client = await MongoClient.connect(url);
    const db = client.db(`lease_${randomUUID().slice(0, 8)}`);
    return { store: new MongoLeaseStore(db, 'leases', clock), dispose: async () => { await db.dropDatabase(); await client.close(); } };
  });
} else {
  process.stdout.write('[mongodb] MONGODB_URL not set — MongoDB lease-store suite skipped\n');
  it.skip('LeaseStore contract: MongoDB (MONGODB_URL not set)', () => undefined);
}
