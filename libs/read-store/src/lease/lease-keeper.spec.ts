import { LeaseKeeper } from './lease-keeper';
import type { LeaseStore } from './lease-store.port';

/** A lease store in a map, with switches to refuse or fail. */
function memoryLeases(now: () => number) {
  const leases = new Map<string, { owner: string; expiresAt: number; epoch: number }>();
  const control = { failing: false, calls: 0, epochs: 0 };
  const store: LeaseStore = {
    async tryAcquire(name, owner, ttlMs) {
      control.calls += 1;
      if (control.failing) throw new Error('store down');
      const lease = leases.get(name);
      if (lease && lease.owner !== owner && lease.expiresAt >= now()) return null;
      const renewal = lease && lease.owner === owner && lease.expiresAt >= now();
      const epoch = renewal ? lease.epoch : (control.epochs += 1);
      leases.set(name, { owner, expiresAt: now() + ttlMs, epoch });
      return epoch;
    },
    async release(name, owner) {
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },
    async holder(name) {
      const lease = leases.get(name);
      return lease && lease.expiresAt >= now() ? lease.owner : null;
    },
  };
  return { store, leases, control };
}

const until = async (condition: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('LeaseKeeper', () => {
  const ttlMs = 300;

  // Every keeper a test starts is stopped, even when an assertion failed first: a keeper's
  // timer left running would keep jest (in band on small machines) from exiting.
  const started: LeaseKeeper[] = [];
  afterEach(async () => { await Promise.all(started.splice(0).map((k) => k.stop())); });

  function keeper(store: LeaseStore, owner: string) {
    const log: string[] = [];
    const lostAt: number[] = [];
    const epochs: number[] = [];
    const k = new LeaseKeeper(store, {
      name: 'projector', owner, ttlMs,
      onAcquired: (epoch) => { log.push('acquired'); epochs.push(epoch); },
      onLost: (reason) => { log.push(`lost:${reason}`); lostAt.push(Date.now()); },
      onError: () => { log.push('error'); },
    });
    started.push(k);
    return { k, log, lostAt, epochs };
  }

  it('given a free lease, then it starts the work once and keeps renewing', async () => {
    const { store, control } = memoryLeases(Date.now);
    const { k, log } = keeper(store, 'a');
    k.start();
    await until(() => control.calls >= 4);
    expect(log).toEqual(['acquired']);
    expect(k.holding).toBe(true);
    await k.stop();
  });

  it('given another holder, then it waits and takes over once that one stops renewing', async () => {
    const { store } = memoryLeases(Date.now);
    const first = keeper(store, 'a');
    const second = keeper(store, 'b');
    first.k.start();
    await until(() => first.k.holding);
    second.k.start();
    await new Promise((resolve) => setTimeout(resolve, ttlMs * 2));
    expect(second.log).toEqual([]);
    first.k.abandon();
    const abandonedAt = Date.now();
    await until(() => second.k.holding);
    expect(Date.now() - abandonedAt).toBeLessThanOrEqual(ttlMs + ttlMs / 3 + 150);
    await second.k.stop();
  });

  it('given a renewal refused (someone took the lease), then it stops the work', async () => {
    const { store, leases } = memoryLeases(Date.now);
    const { k, log } = keeper(store, 'a');
    k.start();
    await until(() => k.holding);
    leases.set('projector', { owner: 'intruder', expiresAt: Date.now() + 60_000, epoch: 99 });
    await until(() => !k.holding);
    expect(log).toEqual(['acquired', 'lost:taken']);
    await k.stop();
  });

  it('given failing renewals, then it stops the work before the lease could run out', async () => {
    const { store, leases, control } = memoryLeases(Date.now);
    const { k, log, lostAt } = keeper(store, 'a');
    k.start();
    await until(() => k.holding);
    control.failing = true;
    await until(() => !k.holding);
    // The moment the keeper gave the work up, not when this test noticed.
    expect(lostAt[0]).toBeLessThan(leases.get('projector')!.expiresAt);
    expect(log).toContain('lost:unrenewed');
    await k.stop();
  });

  it('given a store refused a write of its epoch, then it stops the work and lets the lease go', async () => {
    const { store, leases } = memoryLeases(Date.now);
    const { k, log, epochs } = keeper(store, 'a');
    k.start();
    await until(() => k.holding);
    await k.fenced(epochs[0]);
    expect(log).toEqual(['acquired', 'lost:fenced']);
    expect(leases.get('projector')?.owner).not.toBe('a');
  });

  it('given a refusal of an epoch it no longer holds, then the work of its current epoch goes on', async () => {
    const { store, leases } = memoryLeases(Date.now);
    const { k, log, epochs } = keeper(store, 'a');
    k.start();
    await until(() => k.holding);
    leases.get('projector')!.expiresAt = Date.now() - 1; // ran out unnoticed: the next renewal is a new grant
    await until(() => epochs.length === 2);
    expect(epochs[1]).toBeGreaterThan(epochs[0]);
    await k.fenced(epochs[0]);
    expect(log).toEqual(['acquired', 'lost:unrenewed', 'acquired']);
    expect(k.epoch).toBe(epochs[1]);
  });

  it('given stop, then it stops the work and releases the lease at once', async () => {
    const { store, leases } = memoryLeases(Date.now);
    const { k, log } = keeper(store, 'a');
    k.start();
    await until(() => k.holding);
    await k.stop();
    expect(log).toEqual(['acquired', 'lost:stopped']);
    expect(leases.has('projector')).toBe(false);
    expect(k.epoch).toBeNull();
  });

  it('given the work fails to start, then it lets the lease go and tries again later', async () => {
    const { store } = memoryLeases(Date.now);
    let starts = 0;
    const k = new LeaseKeeper(store, {
      name: 'projector', owner: 'a', ttlMs,
      onAcquired: () => { starts += 1; if (starts === 1) throw new Error('boom'); },
      onLost: () => undefined,
    });
    k.start();
    await until(() => starts === 2 && k.holding);
    await k.stop();
  });
});
