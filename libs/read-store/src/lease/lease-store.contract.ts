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

    it('given a lease taken, renewed, expired and released, then its holder is the owner while it is live, and no one otherwise', async () => {
      const name = lease();
      expect(await store.holder(name)).toBeNull();
      await store.tryAcquire(name, 'a', TTL);
      advance(TTL);
      expect(await store.holder(name)).toBe('a');
      advance(1);
      expect(await store.holder(name)).toBeNull();
      await store.tryAcquire(name, 'b', TTL);
      expect(await store.holder(name)).toBe('b');
      await store.release(name, 'b');
      expect(await store.holder(name)).toBeNull();
    });

    it('given a free lease, when tried, then it is acquired', async () => {
      expect(await store.tryAcquire(lease(), 'a', TTL)).not.toBeNull();
    });

    it('given a live lease, when another owner tries, then it is refused and the holder keeps renewing', async () => {
      const name = lease();
      await store.tryAcquire(name, 'a', TTL);
      expect(await store.tryAcquire(name, 'b', TTL)).toBeNull();
      advance(TTL - 1);
      expect(await store.tryAcquire(name, 'b', TTL)).toBeNull();
      expect(await store.tryAcquire(name, 'a', TTL)).not.toBeNull();
    });

    it('given a renewed lease, then it lasts a ttl from the renewal', async () => {
      const name = lease();
      await store.tryAcquire(name, 'a', TTL);
      advance(TTL / 2);
      await store.tryAcquire(name, 'a', TTL);
      advance(TTL / 2 + 1_000);
      expect(await store.tryAcquire(name, 'b', TTL)).toBeNull();
      advance(TTL / 2);
      expect(await store.tryAcquire(name, 'b', TTL)).not.toBeNull();
    });

    it('given an expired lease, when another owner tries, then it takes it and the old holder is refused', async () => {
      const name = lease();
      await store.tryAcquire(name, 'a', TTL);
      advance(TTL + 1);
      expect(await store.tryAcquire(name, 'b', TTL)).not.toBeNull();
      expect(await store.tryAcquire(name, 'a', TTL)).toBeNull();
    });

    it('given a release by someone else, then nothing changes; by the holder, then another owner gets it at once', async () => {
      const name = lease();
      await store.tryAcquire(name, 'a', TTL);
      await store.release(name, 'b');
      expect(await store.tryAcquire(name, 'b', TTL)).toBeNull();
      await store.release(name, 'a');
      expect(await store.tryAcquire(name, 'b', TTL)).not.toBeNull();
      await store.release(lease(), 'a'); // a lease nobody ever took
    });

    it('given fifty renewals, then the holder still holds it and others are still refused', async () => {
      const name = lease();
      for (let i = 0; i < 50; i += 1) {
        expect(await store.tryAcquire(name, 'a', TTL)).not.toBeNull();
        advance(TTL / 3);
      }
      expect(await store.tryAcquire(name, 'b', TTL)).toBeNull();
    });

    it('given grants to one owner after another, then each has a newer epoch, and renewals keep it', async () => {
      const name = lease();
      const first = (await store.tryAcquire(name, 'a', TTL))!;
      expect(await store.tryAcquire(name, 'a', TTL)).toBe(first);
      advance(TTL + 1);
      const afterExpiry = (await store.tryAcquire(name, 'b', TTL))!;
      expect(afterExpiry).toBeGreaterThan(first);
      await store.release(name, 'b');
      const afterRelease = (await store.tryAcquire(name, 'a', TTL))!;
      expect(afterRelease).toBeGreaterThan(afterExpiry);
      advance(TTL + 1);
      // The same owner again, but its lease ran out meanwhile: someone may have written under another epoch.
      const regranted = (await store.tryAcquire(name, 'a', TTL))!;
      expect(regranted).toBeGreaterThan(afterRelease);
      advance(TTL / 3);
      expect(await store.tryAcquire(name, 'a', TTL)).toBe(regranted);
    });

    it('given fifty renewals and a takeover, then the epoch stays until the takeover and grows there', async () => {
      const name = lease();
      const held = await store.tryAcquire(name, 'a', TTL);
      for (let i = 0; i < 50; i += 1) {
        advance(TTL / 3);
        expect(await store.tryAcquire(name, 'a', TTL)).toBe(held);
      }
      advance(TTL + 1);
      expect(await store.tryAcquire(name, 'b', TTL)).toBeGreaterThan(held!);
    });

    it('given leases of other names, then each is held on its own', async () => {
      const [x, y] = [lease(), lease()];
      expect(await store.tryAcquire(x, 'a', TTL)).not.toBeNull();
      expect(await store.tryAcquire(y, 'b', TTL)).not.toBeNull();
    });

    it.each([
      ['a free lease', async (_name: string) => undefined],
      ['an expired lease', async (name: string) => { await store.tryAcquire(name, 'old', TTL); advance(TTL + 1); }],
    ])('given %s and ten owners trying at once, then exactly one gets it', async (_label, arrange) => {
      const name = lease();
      await arrange(name);
      const owners = Array.from({ length: 10 }, (_, i) => `owner-${i}`);
      const results = await Promise.all(owners.map((owner) => store.tryAcquire(name, owner, TTL)));
      expect(results.filter((epoch) => epoch !== null)).toHaveLength(1);
      const winner = owners[results.findIndex((epoch) => epoch !== null)];
      const again = await Promise.all(owners.map((owner) => store.tryAcquire(name, owner, TTL)));
      expect(owners.filter((_, i) => again[i] !== null)).toEqual([winner]);
    });
  });
}
