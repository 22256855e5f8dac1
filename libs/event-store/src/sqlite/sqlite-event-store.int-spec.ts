import { openDatabase } from '@tenancy/sqlite';
import { eventStoreContract } from '../event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  const store = new SqliteEventStore(db);
  return { store, dispose: async () => { await store.close(); db.close(); } };
});
