import { randomUUID } from 'node:crypto';
import type { Snapshot, SnapshotStore } from './snapshot-store.port';

/** The one suite every snapshot store passes. */
export function snapshotStoreContract(adapter: string, open: () => Promise<{ store: SnapshotStore; dispose(): Promise<void> }>): void {
  describe(`SnapshotStore contract: ${adapter}`, () => {
    let store: SnapshotStore;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await open()));
    afterAll(async () => dispose?.());

    const snapshot = (stream: string, revision: bigint, overrides: Partial<Snapshot> = {}): Snapshot => ({
      stream, shape: 'company-1', revision, state: { status: 'active', members: { u1: { email: 'ana@example.com' } }, at: Number(revision) },
      commands: { [`cmd-${revision}`]: String(revision) }, ...overrides,
    });
    const stream = () => `company-${randomUUID()}`;

    it('given no snapshot of a stream, when one is put, then it is read back whole', async () => {
      const name = stream();
      expect(await store.get(name)).toBeNull();

      await store.put(snapshot(name, 9_000n));

      expect(await store.get(name)).toEqual(snapshot(name, 9_000n));
    });

    it('given a snapshot, when an older one is put (a slow writer), then the newer stays; a newer one replaces it', async () => {
      const name = stream();
      await store.put(snapshot(name, 200n));

      await store.put(snapshot(name, 100n));
      expect((await store.get(name))?.revision).toBe(200n);

      await store.put(snapshot(name, 300n));
      expect(await store.get(name)).toEqual(snapshot(name, 300n));
    });

    it('given a snapshot of an older shape, when one of a new shape is put at any revision, then the new shape replaces it', async () => {
      const name = stream();
      await store.put(snapshot(name, 200n, { shape: 'company-1' }));

      await store.put(snapshot(name, 150n, { shape: 'company-2' }));

      expect(await store.get(name)).toMatchObject({ shape: 'company-2', revision: 150n });
    });

    it('given snapshots of two streams, when one is forgotten, then only that one is gone; when all are, none is left', async () => {
      const [gone, kept] = [stream(), stream()];
      await store.put(snapshot(gone, 1n));
      await store.put(snapshot(kept, 1n));

      await store.forget(gone);
      expect(await store.get(gone)).toBeNull();
      expect(await store.get(kept)).not.toBeNull();

      await store.forgetAll();
      expect(await store.get(kept)).toBeNull();
    });
  });
}
