import { randomUUID } from 'node:crypto';
import type { IdempotencyStore, RecordedOutcome } from './idempotency-store.port';

/** The one suite every idempotency-store adapter passes. */
export function idempotencyStoreContract(
  adapter: string,
  open: () => Promise<{ store: IdempotencyStore; dispose(): Promise<void> }>,
): void {
  describe(`IdempotencyStore contract: ${adapter}`, () => {
    let store: IdempotencyStore;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await open()));
    afterAll(async () => dispose?.());

    const outcome = (status: number): RecordedOutcome =>
      ({ requestHash: 'h1', status, headers: { etag: '"1"' }, sealedBody: `body-${status}` });
    const now = new Date('2026-11-22T10:00:00Z');
    const later = new Date('2026-11-23T10:00:00Z');

    it('given a saved outcome, when found before expiry, then it comes back whole', async () => {
      const key = randomUUID();
      await store.save(key, outcome(201), later);
      expect(await store.find(key, now)).toEqual(outcome(201));
    });

    it('given a saved outcome, when saved again under the same key, then the first stays', async () => {
      const key = randomUUID();
      await store.save(key, outcome(201), later);
      await store.save(key, outcome(409), later);
      expect((await store.find(key, now))?.status).toBe(201);
    });

    it('given an outcome past its expiry, when found, then it is gone', async () => {
      const key = randomUUID();
      await store.save(key, outcome(201), later);
      expect(await store.find(key, new Date('2026-11-24T10:00:00Z'))).toBeNull();
      expect(await store.find(randomUUID(), now)).toBeNull();
    });
  });
}
