import { openDatabase } from '@tenancy/sqlite';
import { leaseStoreContract } from './lease-store.contract';
import { SqliteLeaseStore } from './sqlite-lease-store';

leaseStoreContract('SQLite (embedded)', async (clock) => {
  const db = openDatabase(':memory:');
  return { store: new SqliteLeaseStore(db, clock), dispose: async () => { db.close(); } };
});
