import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@tenancy/sqlite';
import { dataKeyStoreContract } from './data-key-store.contract';
import { SqliteDataKeyStore } from './sqlite-data-key-store';

dataKeyStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteDataKeyStore(db), dispose: async () => { db.close(); } };
});

describe('SqliteDataKeyStore in a file', () => {
  it('given a destroyed key, then its wrapped bytes are in no file of the folder, the log included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'data-keys-'));
    const db = openDatabase(join(dir, 'keys.sqlite'));
    try {
      const store = new SqliteDataKeyStore(db);
      const wrapped = 'WRAPPED-KEY-BYTES-0123456789';
      await store.add([{ scope: 'person:c-1:u-1', keyId: 'k-1', companyId: 'c-1', userId: 'u-1', wrapped }]);
      await store.add([{ scope: 'company:c-2', keyId: 'k-2', companyId: 'c-2', userId: null, wrapped: 'KEPT-KEY-BYTES' }]);
      const everyByte = () => readdirSync(dir).map((file) => readFileSync(join(dir, file)).toString('latin1')).join('');
      expect(everyByte()).toContain(wrapped); // the scan sees stored keys at all

      await store.destroyUserKeys('u-1');

      expect(everyByte()).not.toContain(wrapped);
      expect(everyByte()).toContain('KEPT-KEY-BYTES');
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
