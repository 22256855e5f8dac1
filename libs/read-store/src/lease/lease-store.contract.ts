import { randomUUID } from 'node:crypto';
import type { LeaseClock, LeaseStore } from './lease-store.port';

/** The one suite every lease-store adapter passes; `open` gets the clock the store must use. */
export function leaseStoreContract(
  adapter: string,
  open: (clock: LeaseClock) => Promise<{ store: LeaseStore; dispose(): Promise<void> }>,
): void {
  describe(`LeaseStore contract: ${adapter}`, () => {
    const TTL = 15_000;
    let now = Date.parse('2026-11-22T10:00:00Z');
    let store: LeaseStore;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await open(() => now)));
    afterAll(async () => dispose?.());

    const lease = () => `projector-${randomUUID()}`;
    const advance = (ms: number) => { now += ms; };

    it('given a free lease, when tried, then it is acquired', async () => {
      expect(await store.tryAcquire(lease(), 'a', TTL)).toBe(true);
    });

    it('given a live lease, when another owner tries, then it is refused and the holder keeps renewing', async () => {
      const name = lease();
      await store.tryAcquire(name, 'a', TTL);
      expect(await store.tryAcquire(name, 'b', TTL)).toBe(false);
      advance(TTL - 1);
      expect(await store.tryAcquire(name, 'b', TTL)).toBe(false);
      expect(await store.tryAcquire(name, 'a', TTL)).toBe(true);
    });

    it('given a renewed lease, then it lasts a ttl from the renewal', async () => {
      const name = lease();
      await store.tryAcquire(name, 'a', TTL);
      advance(TTL / 2);
      await store.tryAcquire(name, 'a', TTL);
      advance(TTL / 2 + 1_000);
      expect(await store.tryAcquire(name, 'b', TTL)).toBe(false);
      advance(TTL / 2);
      expect(await store.tryAcquire(name, 'b', TTL)).toBe(true);
    });

    it('given an expired lease, when another owner tries, then it takes it and the old holder is refused', async () => {
      const name = lease();
      await store.tryAcquire(name, 'a', TTL);
      advance(TTL + 1);
      expect(await store.tryAcquire(name, 'b', TTL)).toBe(true);
      expect(await store.tryAcquire(name, 'a', TTL)).toBe(false);
    });

    it('given a release by someone else, then nothing changes; by the holder, then another owner gets it at once', async () => {
      const name = lease();
      await store.tryAcquire(name, 'a', TTL);
      await store.release(name, 'b');
      expect(await store.tryAcquire(name, 'b', TTL)).toBe(false);
      await store.release(name, 'a');
      expect(await store.tryAcquire(name, 'b', TTL)).toBe(true);
      await store.release(lease(), 'a'); // a lease nobody ever took
    });

    it('given fifty renewals, then the holder still holds it and others are still refused', async () => {
      const name = lease();
      for (let i = 0; i < 50; i += 1) {
        expect(await store.tryAcquire(name, 'a', TTL)).toBe(true);
        advance(TTL / 3);
      }
      expect(await store.tryAcquire(name, 'b', TTL)).toBe(false);
    });

    it('given leases of other names, then each is held on its own', async () => {
      const [x, y] = [lease(), lease()];
      expect(await store.tryAcquire(x, 'a', TTL)).toBe(true);
      expect(await store.tryAcquire(y, 'b', TTL)).toBe(true);
    });

    it.each([
      ['a free lease', async (_name: string) => undefined],
      ['an expired lease', async (name: string) => { await store.tryAcquire(name, 'old', TTL); advance(TTL + 1); }],
    ])('given %s and ten owners trying at once, then exactly one gets it', async (_label, arrange) => {
      const name = lease();
      await arrange(name);
      const owners = Array.from({ length: 10 }, (_, i) => `owner-${i}`);
      const results = await Promise.all(owners.map((owner) => store.tryAcquire(name, owner, TTL)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = owners[results.indexOf(true)];
      const again = await Promise.all(owners.map((owner) => store.tryAcquire(name, owner, TTL)));
      expect(owners.filter((_, i) => again[i])).toEqual([winner]);
    });
  });
}
