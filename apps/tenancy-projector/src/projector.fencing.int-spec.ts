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
import { WEBHOOK_DELIVERIES_CHECKPOINT } from '@tenancy/messaging';
import { companiesProjection } from '@tenancy/projections';
import { StaleEpoch, type LeaseStore, type ReadStore, type WebhookDeliveryStore } from '@tenancy/read-store';
import { appendToCompany, newEvent } from '../../../libs/messaging/src/fan-out/testing/fan-out-fixtures';
import { Projector } from './projector';

jest.setTimeout(60_000);
Logger.overrideLogger(false);

const TTL = 3000; // the shortest lease PROJECTOR_LEASE_TTL_MS takes
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

/**
 * Projectors on their own connections to one set of stores, as separate processes have, with
 * freezes around their lease, their read-model writes and their webhook delivery writes; opened
 * and cleaned up with the suite.
 */
function projectorInstances(storeEnv: Record<string, string>) {
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

  return async function instance(owner: string) {
    const stores = await openStores(config);
    opened.push(stores);
    const freeze = { lease: new Freeze(), writes: new Freeze(), deliveries: new Freeze() };
    freezes.push(freeze.lease, freeze.writes, freeze.deliveries);
    const leases = freeze.lease.around<LeaseStore>(openLeaseStore(stores, config), ['tryAcquire', 'release']);
    const readModels = freeze.writes.around<ReadStore>(stores.readModels, ['applyBatch', 'applyBatches']);
    const webhookDeliveries = freeze.deliveries.around<WebhookDeliveryStore>(stores.webhookDeliveries, ['enqueue', 'recordAttempts', 'cancelPending', 'save']);
    const logged: string[] = [];
    const logger = { log: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
    const work = createBackgroundWork(config, { ...stores, readModels, webhookDeliveries }, { ids: timeOrderedIds, clock: { now: () => new Date() }, logger });
    const projector = new Projector({ leases, work, owner, leaseTtlMs: TTL, log: logger.log, error: logger.error });
    projectors.push(projector);
    return { stores, projector, work, logged, freeze };
  };
}

const STORE_SETUPS = [
  ['SQLite', {}],
  ...(mongoUrl ? [['MongoDB', { MONGODB_URL: mongoUrl }] as const] : []),
] as [string, Record<string, string>][];

describe.each(STORE_SETUPS)('projector fencing (lease and read models in %s)', (_label, storeEnv) => {
  const instance = projectorInstances(storeEnv);

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

describe.each(STORE_SETUPS)('webhook delivery fencing (delivery store in %s)', (_label, storeEnv) => {
  const instance = projectorInstances(storeEnv);

  it('given a projector frozen with its webhook scheduling in hand, when it wakes after another took over, then its delivery writes are refused and the new holder\'s stand', async () => {
    const first = await instance('first');
    const second = await instance('second');
    const acme = randomUUID();
    const webhookCheckpoint = () => second.stores.webhookDeliveries.load(WEBHOOK_DELIVERIES_CHECKPOINT);

    // Given the first holds the lease and has scheduled the company's first event.
    first.projector.start();
    await until(async () => first.projector.active);
    second.projector.start();
    await appendToCompany(second.stores.events, acme, [created(acme)]);
    await until(async () => await webhookCheckpoint() === await second.stores.events.headPosition());

    // When it freezes whole with the next event's scheduling in hand (its read models have it),
    first.freeze.lease.close();
    first.freeze.deliveries.close();
    await appendToCompany(second.stores.events, acme, [renamed(acme, 'Acme AG')]);
    await until(async () => first.freeze.deliveries.waiting >= 1);
    first.freeze.writes.close();
    // and the second takes over and schedules that event,
    await until(async () => second.projector.active, 10_000);
    const head = await second.stores.events.headPosition();
    await second.work.webhooks!.scheduledUpTo(head, 10_000);

    // then the first wakes: its scheduling goes out (no endpoint is owed anything, so there is nothing
    // to refuse), then its checkpoint, under the old epoch: refused, and the second's stays.
    first.freeze.deliveries.releaseHeld();
    await until(async () => first.freeze.deliveries.waiting >= 2);
    first.freeze.deliveries.thaw();
    await until(async () => first.freeze.deliveries.outcomes.length >= 2);
    expect(first.freeze.deliveries.outcomes).toEqual(['written', 'refused']);
    expect(await webhookCheckpoint()).toBe(head);
    await until(async () => !first.projector.active);
    first.freeze.lease.thaw();
    expect(first.logged.filter((line) => line.includes('stops working'))).toHaveLength(1);

    // And the second carries on.
    await appendToCompany(second.stores.events, acme, [renamed(acme, 'Acme SE')]);
    await until(async () => await webhookCheckpoint() === await second.stores.events.headPosition());
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
