import { randomUUID } from 'node:crypto';
import { readStoreCheckpoints } from './checkpoints';
import { StaleEpoch, type BatchChanges, type ReadStore, type StoredDocument } from './read-store.port';

/**
 * Fenced writes (docs/adr/0003-single-active-projector.md): once a write of lease epoch n has
 * landed, a write of an older epoch is refused and changes nothing, in any collection and
 * whatever positions it carries. The fence is one per store, so each test takes epochs above
 * every one used before it.
 */
export function fencingContract(adapter: string, getStore: () => ReadStore): void {
  describe(`ReadStore fencing: ${adapter}`, () => {
    let lastEpoch = 1000;
    const nextEpoch = () => (lastEpoch += 1);
    const collection = async () => {
      const name = `fence_${randomUUID().replace(/-/g, '')}`;
      await getStore().ensureCollection(name, []);
      return name;
    };
    const upsert = (id: string, name: string, position: bigint): BatchChanges => ({
      removeCompanies: [], removals: [], upserts: [{ id, companyId: 'c1', position, doc: { id, companyId: 'c1', name } } satisfies StoredDocument],
    });

    it('given a write of a newer epoch, when an older epoch writes, then it is refused and changes nothing', async () => {
      const store = getStore();
      const [older, newer] = [nextEpoch(), nextEpoch()];
      const name = await collection();
      await store.applyBatch(name, upsert('a', 'first', 5n), 5n, older);
      await store.applyBatch(name, upsert('a', 'by the new holder', 8n), 8n, newer);

      // The late batch carries later positions than the newer writer's: positions alone would let it in.
      await expect(store.applyBatches([
        { collection: name, changes: { ...upsert('a', 'late', 9n), removals: [{ id: 'b', position: 9n }] }, checkpoint: 9n },
      ], older)).rejects.toBeInstanceOf(StaleEpoch);

      expect(await store.get(name, 'a')).toEqual({ id: 'a', companyId: 'c1', name: 'by the new holder' });
      expect(await store.checkpoint(name)).toBe(8n);
    });

    it('given a newer epoch wrote elsewhere, when an older epoch writes a collection the newer never touched, then it is refused', async () => {
      const store = getStore();
      const [older, newer] = [nextEpoch(), nextEpoch()];
      const [touched, untouched] = [await collection(), await collection()];
      await store.applyBatch(touched, upsert('a', 'new', 3n), 3n, newer);

      await expect(store.applyBatch(untouched, upsert('x', 'late', 4n), 4n, older)).rejects.toBeInstanceOf(StaleEpoch);

      expect(await store.get(untouched, 'x')).toBeNull();
      expect(await store.checkpoint(untouched)).toBe(0n);
    });

    it('given a newer epoch wrote, when an older epoch saves a bare checkpoint (reactions, fan-out), then it stays where it was', async () => {
      const store = getStore();
      const [older, newer] = [nextEpoch(), nextEpoch()];
      const checkpoints = readStoreCheckpoints(store);
      const name = `fence_${randomUUID().replace(/-/g, '')}`;
      await checkpoints.save(name, 10n, newer);

      await expect(checkpoints.save(name, 12n, older)).rejects.toBeInstanceOf(StaleEpoch);

      expect(await checkpoints.load(name)).toBe(10n);
    });

    it('given writes of one epoch, then the same and a newer epoch keep writing', async () => {
      const store = getStore();
      const [epoch, newer] = [nextEpoch(), nextEpoch()];
      const name = await collection();
      await store.applyBatch(name, upsert('a', 'one', 1n), 1n, epoch);
      await store.applyBatch(name, upsert('a', 'two', 2n), 2n, epoch);
      await store.applyBatch(name, upsert('a', 'three', 3n), 3n, newer);
      expect(await store.get(name, 'a')).toMatchObject({ name: 'three' });
      expect(await store.checkpoint(name)).toBe(3n);
    });
  });
}
