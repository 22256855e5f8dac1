import { openDatabase } from '@tenancy/sqlite';
import { SqliteWebhookDeliveryStore } from './sqlite-webhook-delivery-store';
import { webhookDeliveryStoreContract } from './webhook-delivery-store.contract';

webhookDeliveryStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteWebhookDeliveryStore(db), dispose: async () => { db.close(); } };
});
