import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { idempotencyStoreContract } from './idempotency-store.contract';
import { MongoIdempotencyStore } from './mongo-idempotency-store';

const url = process.env.MONGODB_URL;
if (url) {
  idempotencyStoreContract('MongoDB', async () => {
    const client = await MongoClient.connect(url);
    const db = client.db(`idem_${randomUUID().slice(0, 8)}`);
    return { store: new MongoIdempotencyStore(db), dispose: async () => { await db.dropDatabase(); await client.close(); } };
  });
} else {
  process.stdout.write('[mongodb] MONGODB_URL not set — MongoDB idempotency-store suite skipped\n');
  it.skip('IdempotencyStore contract: MongoDB (MONGODB_URL not set)', () => undefined);
}
