import { randomBytes, randomUUID } from 'node:crypto';
import { Long, MongoClient, type Db } from 'mongodb';
import { ListCursors } from '../cursor';
import { readStoreContract } from '../read-store.contract';
import { StaleEpoch, type Document, type StoredDocument } from '../read-store.port';
import { gramsOf } from '../search-key';
import { MongoReadStore } from './mongo-read-store';

const url = process.env.MONGODB_URL;

/** A client on a fresh database, dropped again by `dispose`. */
async function open(): Promise<{ store: MongoReadStore; db: Db; dispose(): Promise<void> }> {
  const client = await MongoClient.connect(url as string);
  const db = client.db(`readstore_${randomUUID().replace(/-/g, '').slice(0, 16)}`);
  const store = new MongoReadStore(db, new ListCursors(randomBytes(32)));
  return { store, db, dispose: async () => { await db.dropDatabase(); await client.close(); } };
}

if (!url) {
  process.stdout.write('[mongodb] MONGODB_URL not set — MongoDB read-store suite skipped\n');
  describe('ReadStore: MongoDB', () => {
    it.skip('needs MONGODB_URL (a MongoDB or FerretDB server)', () => undefined);
  });
} else {
  readStoreContract('MongoDB', open);

  describe('MongoReadStore without transactions', () => {
    let store: MongoReadStore;
    let db: Db;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, db, dispose } = await open()));
    afterAll(async () => dispose?.());

    const row = (id: string, position: bigint, fields: Document = {}): StoredDocument =>
      ({ id, companyId: 'c1', position, doc: { id, companyId: 'c1', name: `${id}@${position}`, ...fields } });
    const batch = (upserts: StoredDocument[], removals: { id: string; position: bigint }[] = []) =>
      ({ removeCompanies: [], upserts, removals });
    async function fresh(): Promise<string> {
      const name = `idem_${randomUUID().replace(/-/g, '')}`;
      await store.ensureCollection(name, ['name']);
      return name;
    }

    it('given a batch at positions 5..10, when an older batch at 3..7 is replayed, then the newer values stay', async () => {
      const name = await fresh();
      const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
      await store.applyBatch(name, batch(ids.map((id, i) => row(id, 5n + BigInt(i)))), 10n);
      await store.applyBatch(name, batch(['x', 'a', 'b', 'c', 'd'].map((id, i) => row(id, 3n + BigInt(i), { stale: true }))), 7n);

      const loaded = await store.load(name, [...ids, 'x']);
      expect(ids.map((id) => [id, loaded.get(id)?.position, loaded.get(id)?.doc.name]))
        .toEqual(ids.map((id, i) => [id, 5n + BigInt(i), `${id}@${5n + BigInt(i)}`]));
      expect(loaded.get('x')?.doc).toEqual({ id: 'x', companyId: 'c1', name: 'x@3', stale: true }); // new id: applied
      expect(await store.checkpoint(name)).toBe(10n);
    });

    it('given an older writer that passed the fence check before a newer one wrote, when it writes, then the newer epoch\'s documents and checkpoint still refuse it', async () => {
      const name = await fresh();
      await store.applyBatch(name, batch([row('a', 8n)]), 8n, 20);
      // What the older writer saw when it checked the fence, before the newer one raised it.
      await db.collection<{ _id: string; epoch: number }>('checkpoints').updateOne({ _id: '#fence' }, { $set: { epoch: 10 } });

      await expect(store.applyBatch(name, batch([row('a', 9n, { stale: true })]), 9n, 10)).rejects.toBeInstanceOf(StaleEpoch);
      await expect(store.applyBatch(name, batch([]), 9n, 10)).rejects.toBeInstanceOf(StaleEpoch);

      expect(await store.get(name, 'a')).toEqual({ id: 'a', companyId: 'c1', name: 'a@8' });
      expect(await store.checkpoint(name)).toBe(8n);
    });

    it('given a document at position 9, when a removal at position 8 comes, then it stays; at 9 or later it goes', async () => {
      const name = await fresh();
      await store.applyBatch(name, batch([row('a', 9n), row('b', 9n)]), 9n);
      await store.applyBatch(name, batch([], [{ id: 'a', position: 8n }, { id: 'b', position: 9n }]), 9n);
      expect(await store.get(name, 'a')).toEqual({ id: 'a', companyId: 'c1', name: 'a@9' });
      expect(await store.get(name, 'b')).toBeNull();
    });

    it('given a removal at 12, when an older upsert of the same id is replayed, then it does not come back', async () => {
      const name = await fresh();
      await store.applyBatch(name, batch([row('a', 5n)]), 5n);
      await store.applyBatch(name, batch([], [{ id: 'a', position: 12n }]), 12n);
      await store.applyBatch(name, batch([row('a', 11n)]), 11n);
      expect(await store.get(name, 'a')).toBeNull();
      expect((await store.load(name, ['a'])).size).toBe(0);
      expect((await store.list(name, { sort: { field: 'name', descending: false }, limit: 10 })).items).toEqual([]);

      await store.applyBatch(name, batch([row('a', 13n)]), 13n); // a later upsert re-creates it
      expect(await store.get(name, 'a')).toEqual({ id: 'a', companyId: 'c1', name: 'a@13' });
    });

    it('given one batch that upserts and removes the same id, then the highest position wins and a removal wins a tie', async () => {
      const name = await fresh();
      await store.applyBatch(name, batch([row('a', 6n), row('b', 6n), row('c', 7n)],
        [{ id: 'a', position: 7n }, { id: 'b', position: 6n }, { id: 'c', position: 6n }]), 7n);
      expect([await store.get(name, 'a'), await store.get(name, 'b'), (await store.get(name, 'c'))?.name])
        .toEqual([null, null, 'c@7']);
    });

    it('given positions near 2^63, when stored and loaded, then they come back exact and compare as numbers', async () => {
      const name = await fresh();
      const high = 2n ** 63n - 2n;
      await store.applyBatch(name, batch([row('a', high)]), high);
      await store.applyBatch(name, batch([row('a', high - 1n, { stale: true })]), high - 1n);
      expect((await store.load(name, ['a'])).get('a')?.position).toBe(high);
      expect((await store.get(name, 'a'))?.stale).toBeUndefined();
      expect(await store.checkpoint(name)).toBe(high);
      await expect(store.applyBatch(name, batch([row('b', 2n ** 63n)]), 1n)).rejects.toThrow(RangeError);
    });

    it('given documents, then they are stored flat with an Int64 position and indexed for sort and paging', async () => {
      const name = await fresh();
      await store.ensureCollection(name, ['name', 'createdAt']); // repeated on purpose
      await store.applyBatch(name, batch([row('a', 4n, { active: true })]), 4n);
      const raw = await db.collection(name).findOne({ _id: 'a' as never }, { promoteLongs: false });
      expect(raw).toMatchObject({ _id: 'a', id: 'a', companyId: 'c1', active: true });
      expect(raw?._position?._bsontype).toBe('Long');
      const keys = (await db.collection(name).indexes()).map((index) => index.key);
      expect(keys).toEqual(expect.arrayContaining([{ companyId: 1 }, { name: 1, _id: 1 }, { createdAt: 1, _id: 1 }]));
    });

    it('given null and missing sort values, when paging either way, then every document comes once', async () => {
      const name = await fresh();
      await store.applyBatch(name, batch([
        row('a', 1n, { rank: 2 }), row('b', 1n, { rank: null }), row('c', 1n, { rank: 1 }), row('d', 1n), row('e', 1n, { rank: 2 }),
      ]), 1n);
      for (const descending of [false, true]) {
        const ids: unknown[] = [];
        let after: string | undefined;
        do {
          const page = await store.list(name, { sort: { field: 'rank', descending }, limit: 1, after });
          ids.push(...page.items.map((item) => item.id));
          after = page.nextCursor ?? undefined;
        } while (after);
        expect(ids).toEqual(descending ? ['e', 'a', 'c', 'd', 'b'] : ['b', 'd', 'c', 'a', 'e']);
      }
    });

    it('given four writers racing over the same ids, then each id ends at its highest position', async () => {
      const name = await fresh();
      let seed = 7;
      const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
      const expected = new Map<string, { position: bigint; removed: boolean }>();
      const writers = [0, 1, 2, 3].map(() => Array.from({ length: 25 }, () => {
        const changes = batch([]);
        for (let k = 0; k < 6; k++) {
          const id = `i${next(12)}`;
          const position = BigInt(next(1000));
          const removed = next(4) === 0;
          const best = expected.get(id);
          if (!best || position > best.position || (position === best.position && removed)) expected.set(id, { position, removed });
          if (removed) changes.removals.push({ id, position });
          else changes.upserts.push(row(id, position));
        }
        return changes;
      }));
      await Promise.all(writers.map(async (batches) => {
        for (const changes of batches) await store.applyBatch(name, changes, 1n);
      }));
      const loaded = await store.load(name, [...expected.keys()]);
      for (const [id, { position, removed }] of expected) {
        expect([id, loaded.get(id)?.position]).toEqual([id, removed ? undefined : position]);
      }
    });

    it('given searched documents written with trigrams alone (before 2026-12-03), when the collection is declared again, then they get every gram, and searches of any length find them', async () => {
      const name = `grams_${randomUUID().replace(/-/g, '')}`;
      type Legacy = Document & { _id: string };
      const legacy = (id: string, nameSearch: string) => ({
        _id: id, id, companyId: 'c1', _position: Long.fromNumber(1), name: nameSearch, nameSearch,
        _trigrams_nameSearch: [...new Set(Array.from({ length: nameSearch.length - 2 }, (_, i) => nameSearch.slice(i, i + 3)))],
      });
      await db.collection<Legacy>(name).insertMany([legacy('a', 'acme north'), legacy('b', 'bravo'), legacy('c', 'zeta')]);
      await db.collection(name).createIndex({ _trigrams_nameSearch: 1 });
      await store.ensureCollection(name, ['name'], { search: 'nameSearch' });
      const found = async (text: string) => (await store.list(name, { contains: { field: 'nameSearch', text }, sort: { field: 'name', descending: false }, limit: 10 }))
        .items.map((item) => item.id);
      expect([await found('a'), await found('ze'), await found('rth'), await found('x')]).toEqual([['a', 'b', 'c'], ['c'], ['a'], []]);
      const raw = await db.collection<Legacy>(name).findOne({ _id: 'a' });
      expect(raw?._grams_nameSearch).toEqual(gramsOf('acme north'));
      expect(raw).not.toHaveProperty('_trigrams_nameSearch');
      const keys = (await db.collection(name).indexes()).map((index) => index.key);
      expect([keys.some((key) => key._grams_nameSearch === 1), keys.some((key) => key._trigrams_nameSearch === 1)]).toEqual([true, false]);
      expect(await store.get(name, 'a')).toEqual({ id: 'a', companyId: 'c1', name: 'acme north', nameSearch: 'acme north' });
    });

    it('given a collection declared with a sort an earlier version had, when declared again with another, then the old index is dropped and the new one made', async () => {
      const name = await fresh();
      await store.ensureCollection(name, [['environment', 'name']]);
      await store.applyBatch(name, batch([row('a', 1n, { name: 'Beta', environment: 'x' }), row('b', 1n, { name: 'alpha', environment: 'x' })]), 1n);
      await store.ensureCollection(name, [['environment', 'nameSearch']]);
      const keys = (await db.collection(name).indexes()).map((index) => Object.keys(index.key).join(','));
      expect(keys.sort()).toEqual(['_id', 'companyId', 'environment,nameSearch,_id']);
    });

    it('given a search text with regex characters, then it matches literally', async () => {
      const name = await fresh();
      await store.applyBatch(name, batch([row('a', 1n, { name: 'a.b(c)' }), row('b', 1n, { name: 'axbc' })]), 1n);
      const page = await store.list(name, { contains: { field: 'name', text: '.b(' }, sort: { field: 'name', descending: false }, limit: 10 });
      expect(page.items.map((item) => item.id)).toEqual(['a']);
    });
  });
}
