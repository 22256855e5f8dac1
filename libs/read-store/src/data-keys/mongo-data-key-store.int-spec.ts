import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { dataKeyStoreContract } from './data-key-store.contract';
import { MongoDataKeyStore } from './mongo-data-key-store';

const url = process.env.MONGODB_URL;
if (url) {
  dataKeyStoreContract('MongoDB', async () => {
    const client = await MongoClient.connect(url);
    const db = client.db(`keys_${randomUUID().slice(0, 8)}`);
    return { store: new MongoDataKeyStore(db), dispose: async () => { await db.dropDatabase(); await client.close(); } };
  });

  describe('MongoDataKeyStore keeps one key per scope', () => {
    let client: MongoClient;
    let db: Db;
    let store: MongoDataKeyStore;
    beforeAll(async () => {
      client = await MongoClient.connect(url);
      db = client.db(`keys_${randomUUID().slice(0, 8)}`);
      store = new MongoDataKeyStore(db);
    });
    afterAll(async () => { await db.dropDatabase(); await client.close(); });
    const key = (scope: string) => ({ scope, keyId: randomUUID(), companyId: null, userId: null, wrapped: `wrapped-${randomUUID()}` });

    it('given a scope with a key, when another writer adds one, then it gets the first and its own is not stored', async () => {
      const scope = `user:${randomUUID()}`;
      const first = key(scope);
      await store.add([first]);
      const second = key(scope);

      expect(await store.add([second])).toEqual([first]);
      expect(await store.find([second.keyId])).toEqual([]);
    });

    it('given writers racing to add the same scopes, then every one of them gets the same key per scope', async () => {
      const scopes = [`user:${randomUUID()}`, `user:${randomUUID()}`];
      const answers = await Promise.all(Array.from({ length: 6 }, () => store.add(scopes.map(key))));
      const ids = (keys: { keyId: string }[]) => keys.map((k) => k.keyId).sort();
      for (const answer of answers) expect(ids(answer)).toEqual(ids(answers[0]));
    });
  });
} else {
  process.stdout.write('[mongodb] MONGODB_URL not set — MongoDB data-key-store suite skipped\n');
  it.skip('DataKeyStore contract: MongoDB (MONGODB_URL not set)', () => undefined);
}
