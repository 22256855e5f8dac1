import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { dataKeyStoreContract } from './data-key-store.contract';
import { MongoDataKeyStore } from './mongo-data-key-store';

const url = process.env.MONGODB_URL;
if (url) {
  dataKeyStoreContract('MongoDB', async () => {
    const client = await MongoClient.connect(url);
    const db = client.db(`keys_${randomUUID().slice(0, 8)}`);
    return { store: new MongoDataKeyStore(db), dispose: async () => { await db.dropDatabase(); await client.close(); } };
  });
} else {
  process.stdout.write('[mongodb] MONGODB_URL not set — MongoDB data-key-store suite skipped\n');
  it.skip('DataKeyStore contract: MongoDB (MONGODB_URL not set)', () => undefined);
}
