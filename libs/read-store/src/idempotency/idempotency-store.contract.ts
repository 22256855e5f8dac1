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
    // The stores take time only from their callers, but a real MongoDB's TTL monitor drops
    // documents by the wall clock: so every instant here is relative to it, never a calendar day.
    const DAY = 24 * 60 * 60 * 1000;
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    const later = at(1);
    const kept = { now, expiresAt: later };

    it('given a saved outcome, when found before expiry, then it comes back whole', async () => {
      const key = randomUUID();
      await store.save(key, outcome(201), kept);
      expect(await store.find(key, now)).toEqual(outcome(201));
    });

    it('given a saved outcome, when saved again under the same key, then the first stays', async () => {
      const key = randomUUID();
      await store.save(key, outcome(201), kept);
      await store.save(key, outcome(409), kept);
      expect((await store.find(key, now))?.status).toBe(201);
    });

    it('given an outcome past its expiry, when found, then it is gone', async () => {
      const key = randomUUID();
      await store.save(key, outcome(201), kept);
      expect(await store.find(key, at(2))).toBeNull();
      expect(await store.find(randomUUID(), now)).toBeNull();
    });

    it('given an outcome that has expired, when saved again under the same key, then the new one is kept', async () => {
      const key = randomUUID();
      await store.save(key, outcome(201), kept);
      await store.save(key, outcome(409), { now: at(2), expiresAt: at(3) });
      expect((await store.find(key, at(2)))?.status).toBe(409);
    });

    it('given instants a year before the wall clock, then the store judges expiry by them alone', async () => {
      const key = randomUUID();
      // A store that read its own clock would take this outcome for long expired and let the second save win.
      // (A real MongoDB's TTL monitor may drop it too, but runs once a minute: this test takes milliseconds.)
      await store.save(key, outcome(201), { now: at(-365), expiresAt: at(-364) });
      await store.save(key, outcome(409), { now: at(-364.5), expiresAt: at(-364) });
      expect((await store.find(key, at(-364.5)))?.status).toBe(201);
      expect(await store.find(key, at(-364))).toBeNull();
    });
  });
}
