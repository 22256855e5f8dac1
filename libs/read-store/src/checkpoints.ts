import type { ReadStore } from './read-store.port';

/**
 * Where a subscriber that writes no read model keeps its place in `$all` (a global position):
 * the Kafka fan-out, the reactions to recorded events.
 */
export interface CheckpointStore {
  load(name: string): Promise<bigint>;
  /** With `epoch` (the lease's fencing token), refused with StaleEpoch once a newer epoch has written. */
  save(name: string, position: bigint, epoch?: number): Promise<void>;
}

const NO_CHANGES = { removeCompanies: [], upserts: [], removals: [] };

/**
 * Checkpoints kept beside the read models' own: a bare checkpoint under the publisher's
 * name, no documents (the read store needs the collection to exist, so it is ensured once).
 */
export function readStoreCheckpoints(readStore: Pick<ReadStore, 'ensureCollection' | 'checkpoint' | 'applyBatch'>): CheckpointStore {
  const ensured = new Map<string, Promise<void>>();
  const ensure = (name: string) => {
    let ready = ensured.get(name);
    if (!ready) {
      ready = readStore.ensureCollection(name, []);
      ready.catch(() => ensured.delete(name));
      ensured.set(name, ready);
    }
    return ready;
  };
  return {
    async load(name) {
      await ensure(name);
      return readStore.checkpoint(name);
    },
    async save(name, position, epoch) {
      await ensure(name);
      await readStore.applyBatch(name, NO_CHANGES, position, epoch);
    },
  };
}
