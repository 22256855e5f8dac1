import { openDatabase } from '@tenancy/sqlite';
import { readStoreContract } from '../read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

readStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteReadStore(db), dispose: async () => { db.close(); } };
});

// With one candidate at most, every search of three characters or more walks the sort order
// instead of sorting the trigram index's candidates: both ways must give the same pages.
readStoreContract('SQLite (embedded), searches walking the sort order', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteReadStore(db, 1), dispose: async () => { db.close(); } };
});
