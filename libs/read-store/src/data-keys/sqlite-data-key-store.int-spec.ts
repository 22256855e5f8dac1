import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@tenancy/event-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { dataKeyStoreContract } from './data-key-store.contract';
import type { StoredDataKey } from './data-key-store.port';
import { SqliteDataKeyStore } from './sqlite-data-key-store';

dataKeyStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteDataKeyStore(db), dispose: async () => { db.close(); } };
});

dataKeyStoreContract('SQLite (embedded, keys committing with the events)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteDataKeyStore(db, { eventsOnThisConnection: true }), dispose: async () => { db.close(); } };
});

describe('SqliteDataKeyStore: keys commit with the events that need them', () => {
  let dir: string;
  let db: SqliteDatabase;
  let events: SqliteEventStore;
  let keys: SqliteDataKeyStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'data-keys-'));
    db = openDatabase(join(dir, 'tenancy.sqlite'));
    events = new SqliteEventStore(db);
    keys = new SqliteDataKeyStore(db, { eventsOnThisConnection: true });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const key = (userId: string = randomUUID()): StoredDataKey => ({ scope: `person:c-1:${userId}`, keyId: randomUUID(), companyId: 'c-1', userId, wrapped: 'w' });
  const event = () => ({ id: randomUUID(), type: 'Happened', data: {}, metadata: {} });
  const stored = (k: StoredDataKey) => db.prepare('SELECT count(*) AS n FROM data_keys WHERE key_id = ?').get(k.keyId);

  it('given a key added, then it is owed at once and commits in the transaction of the append made after it', async () => {
    const added = key();
    expect(await keys.add([added])).toEqual([added]);
    expect(stored(added)).toEqual({ n: 0 });

    await events.appendToStream('s-1', [event()], 'no_stream');

    expect(stored(added)).toEqual({ n: 1 });
    expect(await keys.find([added.keyId])).toEqual([added]);
  });

  it('given the group carrying a key fails (the file locked by another process), then its append fails too, and the key commits with the next append', async () => {
    const added = key();
    const other = openDatabase(join(dir, 'tenancy.sqlite'));
    db.pragma('busy_timeout = 0');
    try {
      other.exec('BEGIN IMMEDIATE');
      await keys.add([added]);
      const append = await events.appendToStream('s-1', [event()], 'no_stream').then(() => 'appended', (error: Error) => error.message);
      expect(append).toMatch(/locked/);
      other.exec('ROLLBACK');
      expect([stored(added), await events.readStream('s-1')]).toEqual([{ n: 0 }, []]);

      await events.appendToStream('s-1', [event()], 'no_stream');

      expect(stored(added)).toEqual({ n: 1 });
    } finally {
      other.close();
    }
  });

  it('given a key owed, when its user is erased before it commits, then it is never written: what it sealed reads as erased', async () => {
    const [erased, kept] = [key('nina'), key()];
    await keys.add([erased, kept]);

    await keys.destroyUserKeys('nina');
    await events.appendToStream('s-1', [event()], 'no_stream');

    expect(await keys.find([erased.keyId, kept.keyId])).toEqual([kept]);
  });

  it('given keys added and no append after them, then they still commit in the next turn', async () => {
    const added = key();
    await keys.add([added]);

    await new Promise((resolve) => setImmediate(resolve));

    expect(stored(added)).toEqual({ n: 1 });
  });

  it('given the events elsewhere (EventStoreDB), then add returns once the key has committed', async () => {
    const alone = new SqliteDataKeyStore(db);
    const added = key();

    await alone.add([added]);

    expect(stored(added)).toEqual({ n: 1 });
  });
});

describe('SqliteDataKeyStore over a file from before keys per scope (one key per scope, the scope its primary key)', () => {
  it('given such a table, when the store opens it, then every key is kept, found by scope and id, and a scope can get a second key', async () => {
    const db = openDatabase(':memory:');
    db.exec(`CREATE TABLE data_keys (
      scope TEXT PRIMARY KEY, key_id TEXT NOT NULL UNIQUE, company_id TEXT, user_id TEXT, wrapped TEXT NOT NULL) WITHOUT ROWID;
      CREATE INDEX data_keys_company ON data_keys (company_id);
      CREATE INDEX data_keys_user ON data_keys (user_id);
      INSERT INTO data_keys VALUES ('person:c-1:u-1', 'k-1', 'c-1', 'u-1', 'w-1'), ('user:u-2', 'k-2', NULL, 'u-2', 'w-2');`);
    try {
      const store = new SqliteDataKeyStore(db);
      const old = { scope: 'person:c-1:u-1', keyId: 'k-1', companyId: 'c-1', userId: 'u-1', wrapped: 'w-1' };

      expect(await store.live([{ scope: old.scope, companyId: 'c-1', userId: 'u-1' }])).toEqual([old]);
      expect(await store.find(['k-2'])).toEqual([{ scope: 'user:u-2', keyId: 'k-2', companyId: null, userId: 'u-2', wrapped: 'w-2' }]);
      await store.add([{ ...old, keyId: 'k-3', wrapped: 'w-3' }]);
      expect(await store.destroyCompanyKeys('c-1')).toBe(2);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'data_keys' ORDER BY name").all())
        .toEqual([{ name: 'data_keys_company' }, { name: 'data_keys_user' }, { name: 'sqlite_autoindex_data_keys_1' }]);
    } finally {
      db.close();
    }
  });
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
