import { openDatabase } from '@tenancy/sqlite';
import { idempotencyStoreContract } from './idempotency-store.contract';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';

idempotencyStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteIdempotencyStore(db), dispose: async () => { db.close(); } };
});
