import { openDatabase } from '@tenancy/sqlite';
import { readStoreContract } from '../read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

readStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteReadStore(db), dispose: async () => { db.close(); } };
});
