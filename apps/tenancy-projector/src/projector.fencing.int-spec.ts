/*
 * The fencing token at work (docs/adr/0003-single-active-projector.md): a projector frozen past
 * its lease with a batch in hand (a SIGSTOP, a VM pause) wakes up after another instance has
 * taken over and written; its late writes, carrying the old epoch, are refused and change nothing.
 *
 * The freeze is the first instance's I/O held at a gate: its lease renewals and its read-store
 * writes wait, as in a paused process, while its computations have already happened.
 */
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackgroundWork, openLeaseStore, openStores, readConfig, timeOrderedIds, type Config, type Stores } from '@tenancy/platform';
import { companiesProjection } from '@tenancy/projections';
import { StaleEpoch, type LeaseStore, type ReadStore } from '@tenancy/read-store';
import { appendToCompany, newEvent } from '../../../libs/messaging/src/fan-out/testing/fan-out-fixtures';
import { Projector } from './projector';

jest.setTimeout(60_000);
Logger.overrideLogger(false);

const TTL = 1500;
const mongoUrl = process.env.MONGODB_URL;
if (!mongoUrl) process.stdout.write('[projector] MONGODB_URL not set — MongoDB fencing test skipped\n');

const created = (companyId: string) => newEvent('CompanyCreated', {
  companyId, name: 'Acme GmbH', environment: 'production', baseUrl: null, timezone: 'UTC', defaultLanguage: 'en', contactEmail: null,
});
const renamed = (companyId: string, name: string) => newEvent('CompanyDetailsChanged', { companyId, changes: { name } });

/** Holds calls to the named methods while closed, as a frozen process would; records how the held calls ended. */
class Freeze {
  private closed = false;
  private opened: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  waiting = 0;
  readonly outcomes: string[] = [];

  close(): void {
    this.closed = true;
    this.opened = new Promise((resolve) => { this.open = resolve; });
  }

  thaw(): void {
    this.closed = false;
    this.open();
  }

  /** Lets the calls held so far through, and holds the ones that come after them. */
  releaseHeld(): void {
    const open = this.open;
    this.close();
    open();
  }

  around<T extends object>(target: T, methods: (keyof T)[]): T {
    return new Proxy(target, {
      get: (object, property) => {
        const value = Reflect.get(object, property, object);
        if (typeof value !== 'function') return value;
        if (!methods.includes(property as keyof T)) return value.bind(object);
        return async (...args: unknown[]) => {
          const held = this.closed;
          if (held) {
            this.waiting += 1;
            await this.opened;
          }
          try {
            const result = await value.apply(object, args);
            if (held) this.outcomes.push('written');
            return result;
          } catch (error) {
            if (held) this.outcomes.push(error instanceof StaleEpoch ? 'refused' : `failed: ${String(error)}`);
            throw error;
          }
        };
      },
    });
  }
}

describe.each([
  ['SQLite', {}],
  ...(mongoUrl ? [['MongoDB', { MONGODB_URL: mongoUrl }] as const] : []),
] as [string, Record<string, string>][])('projector fencing (lease and read models in %s)', (_label, storeEnv) => {
  let dataDir: string;
  let config: Config;
  const opened: Stores[] = [];
  const projectors: Projector[] = [];
  const freezes: Freeze[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tenancy-fencing-'));
    config = readConfig({ DATA_DIR: dataDir, PROJECTOR_LEASE_TTL_MS: String(TTL), MONGODB_DATABASE: `fencing_${randomUUID().slice(0, 8)}`, ...storeEnv });
  });
  afterAll(async () => {
    for (const freeze of freezes) freeze.thaw(); // a failed test must not leave a keeper waiting on a frozen call
    await Promise.all(projectors.map((p) => p.stop().catch(() => undefined)));
    for (const stores of opened) {
      if (stores.mongo) await stores.mongo.db(config.mongoDatabase).dropDatabase().catch(() => undefined);
      await stores.close().catch(() => undefined);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A projector on its own connections, as a separate process has; with freezes around its lease and its writes. */
  async function instance(owner: string) {
    const stores = await openStores(config);
    opened.push(stores);
    const freeze = { lease: new Freeze(), writes: new Freeze() };
    freezes.push(freeze.lease, freeze.writes);
    const leases = freeze.lease.around<LeaseStore>(openLeaseStore(stores, config), ['tryAcquire', 'release']);
    const readModels = freeze.writes.around<ReadStore>(stores.readModels, ['applyBatch', 'applyBatches']);
    const logged: string[] = [];
    const logger = { log: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
    const work = createBackgroundWork(config, { ...stores, readModels }, { ids: timeOrderedIds, clock: { now: () => new Date() }, logger });
    const projector = new Projector({ leases, work, owner, leaseTtlMs: TTL, log: logger.log, error: logger.error });
    projectors.push(projector);
    return { stores, projector, work, logged, freeze };
  }

  it('given a projector frozen past its lease with a batch in hand, when it wakes after another took over and wrote, then none of its late writes land', async () => {
    const first = await instance('first');
    const second = await instance('second');
    const acme = randomUUID();
    const companyOf = (stores: Stores) => stores.readModels.get(companiesProjection.name, acme);

    // Given the first holds the lease and has projected the company.
    first.projector.start();
    await until(async () => first.projector.active);
    second.projector.start();
    await appendToCompany(second.stores.events, acme, [created(acme)]);
    await until(async () => (await companyOf(second.stores)) !== null);

    // When it freezes, and the next event reaches it: the projections' batch and the reactions'
    // checkpoint are computed and wait to be written.
    first.freeze.lease.close();
    first.freeze.writes.close();
    await appendToCompany(second.stores.events, acme, [renamed(acme, 'Acme AG')]);
    await until(async () => first.freeze.writes.waiting >= 2); // the read-model batch and the reactions' checkpoint

    // The second takes over once the lease runs out, projects that event and a later one.
    await until(async () => second.projector.active, 10_000);
    await appendToCompany(second.stores.events, acme, [renamed(acme, 'Acme SE')]);
    await until(async () => (await companyOf(second.stores))?.name === 'Acme SE');
    await second.work.waitFor(await second.stores.events.headPosition());
    const checkpoints = () => Promise.all(second.work.checkpointNames.map((name) => second.stores.readModels.checkpoint(name)));
    const before = { company: await companyOf(second.stores), checkpoints: await checkpoints() };

    // Then the first wakes, its writes before its keeper's next renewal could tell it the lease
    // is gone: its batch in hand and its checkpoint go out under the old epoch. (Anything it
    // would write after them stays held, so the store shows what those two did.)
    first.freeze.writes.releaseHeld();
    await until(async () => first.freeze.writes.outcomes.length >= 2);

    expect(await companyOf(second.stores)).toEqual(before.company);
    expect(before.company).toMatchObject({ name: 'Acme SE', revision: 2 });
    expect(await checkpoints()).toEqual(before.checkpoints);
    expect(first.freeze.writes.outcomes).toEqual(['refused', 'refused']);
    // The refusal alone stops it: its lease calls are still frozen.
    await until(async () => !first.projector.active);
    first.freeze.writes.thaw();
    first.freeze.lease.thaw();
    expect(first.logged.filter((line) => line.includes('stops working'))).toHaveLength(1);
    expect(first.logged.some((line) => line.includes('newer lease holder has written'))).toBe(true);
    expect(second.projector.active).toBe(true);

    // And the second carries on.
    await appendToCompany(second.stores.events, acme, [renamed(acme, 'Acme Group')]);
    await until(async () => (await companyOf(second.stores))?.name === 'Acme Group');
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
