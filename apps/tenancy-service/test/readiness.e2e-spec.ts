/*
 * Readiness tells the truth about the background work the embedded service runs: once its
 * projections, reactions or webhook delivery have stopped for good, GET /health/ready answers 503
 * naming them, not 200 while the read models fall ever further behind; and a service that runs no
 * projections says when no projector does either.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PROJECTOR_LEASE } from '@tenancy/platform';
import { SqliteLeaseStore } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { newCompany, TestApp } from './harness';

jest.setTimeout(60_000);

describe('GET /health/ready and the background work of the embedded service', () => {
  let t: TestApp;
  beforeEach(async () => { t = await TestApp.start(); });
  afterEach(async () => t?.stop());

  /** What another hand does to the embedded file while the service runs. */
  const inTheFile = (sql: string) => {
    const db = new Database(join(t.dataDir, 'tenancy.sqlite'));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  };
  const readyOnceNot200 = async () => {
    for (const deadline = Date.now() + 10_000; ;) {
      const ready = await t.request('GET', '/health/ready', undefined, {});
      if (ready.status !== 200 || Date.now() > deadline) return ready;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('given the read models refusing every write of a company, when a company is created, then readiness answers 503 service.background_work_stopped naming the projections, and liveness still 200', async () => {
    expect((await t.request('GET', '/health/ready', undefined, {})).status).toBe(200);
    // A file that no longer takes the read models' writes (a full disk, a damaged table), standing in.
    inTheFile("CREATE TRIGGER refuse BEFORE INSERT ON rm_companies_v2 BEGIN SELECT RAISE(ABORT, 'the read model refuses'); END");

    const created = t.request('POST', '/v1/companies', newCompany());
    const ready = await readyOnceNot200();

    expect([ready.status, ready.headers['content-type']]).toEqual([503, expect.stringMatching(/^application\/problem\+json/)]);
    expect(ready.body).toEqual({
      type: 'urn:tenancy:problem:service.background_work_stopped', title: 'Service Unavailable', status: 503,
      code: 'service.background_work_stopped',
      detail: 'Background work of this service stopped and does not resume until it restarts: projections',
      instance: '/health/ready',
    });
    expect((await t.request('GET', '/health/live', undefined, {})).status).toBe(200);
    // The command was recorded; its answer waited for read models that no longer move.
    expect((await created).body.code).toBe('service.answer_unavailable');
  });

  it('given an event in the file that cannot be read, then readiness names every part that follows the events and stopped on it', async () => {
    inTheFile(`INSERT INTO es_events (stream, revision, id, type, data, metadata) VALUES ('company-${randomUUID()}', 0, '${randomUUID()}', 'CompanyCreated', '{"cut off', '{}')`);

    const ready = await readyOnceNot200();

    expect([ready.status, ready.body.code]).toEqual([503, 'service.background_work_stopped']);
    expect(ready.body.detail).toBe('Background work of this service stopped and does not resume until it restarts: projections, reactions, webhook delivery');
  });
});

describe('GET /health/ready of a service with RUN_PROJECTIONS=false', () => {
  let t: TestApp;
  beforeEach(async () => { t = await TestApp.start(undefined, { RUN_PROJECTIONS: 'false' }); });
  afterEach(async () => t?.stop());

  /** The lease store in the embedded file, on a connection of its own, as a projector process holds it. */
  const projectorLeases = () => {
    const db = openDatabase(join(t.dataDir, 'tenancy.sqlite'));
    return { leases: new SqliteLeaseStore(db), close: () => db.close() };
  };

  it('given no projector holding the projector lease, then readiness answers 503 service.projections_not_running, as commands would wait for read models that do not move', async () => {
    const ready = await t.request('GET', '/health/ready', undefined, {});

    expect([ready.status, ready.body.code]).toEqual([503, 'service.projections_not_running']);
    expect(ready.body.detail).toMatch(/^This service runs no projections \(RUN_PROJECTIONS=false\) and no projector holds the projector lease/);
    expect((await t.request('POST', '/v1/companies', newCompany())).body.code).toBe('service.answer_unavailable');
    expect((await t.request('GET', '/health/live', undefined, {})).status).toBe(200);
  });

  it('given a projector holding the lease, then readiness answers 200; once it lets the lease go, 503 again', async () => {
    const { leases, close } = projectorLeases();
    try {
      await leases.tryAcquire(PROJECTOR_LEASE, 'projector-1', 15_000);

      expect((await t.request('GET', '/health/ready', undefined, {})).status).toBe(200);

      await leases.release(PROJECTOR_LEASE, 'projector-1');

      expect((await t.request('GET', '/health/ready', undefined, {})).body.code).toBe('service.projections_not_running');
    } finally {
      close();
    }
  });
});
