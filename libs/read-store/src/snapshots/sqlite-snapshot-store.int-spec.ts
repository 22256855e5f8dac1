import { openDatabase } from '@tenancy/sqlite';
import { snapshotStoreContract } from './snapshot-store.contract';
import { SqliteSnapshotStore } from './sqlite-snapshot-store';

snapshotStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteSnapshotStore(db), dispose: async () => { db.close(); } };
});
