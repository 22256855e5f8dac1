import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { ListCursors } from '../cursor';
import { MongoWebhookDeliveryStore } from './mongo-webhook-delivery-store';
import { webhookDeliveryStoreContract } from './webhook-delivery-store.contract';

const url = process.env.MONGODB_URL;
if (url) {
  webhookDeliveryStoreContract('MongoDB', async () => {
    const client = await MongoClient.connect(url);
    const db = client.db(`webhooks_${randomUUID().slice(0, 8)}`);
    return { store: new MongoWebhookDeliveryStore(db, new ListCursors(randomBytes(32))), dispose: async () => { await db.dropDatabase(); await client.close(); } };
  });
} else {
  process.stdout.write('[mongodb] MONGODB_URL not set — MongoDB delivery-store suite skipped\n');
  it.skip('WebhookDeliveryStore contract: MongoDB (MONGODB_URL not set)', () => undefined);
}
