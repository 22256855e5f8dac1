import type { CompanyEvent } from '@tenancy/domain';
import { COMPANY_ID } from '@tenancy/domain/company/company.fixtures';
import { ADMIN, deleted, EMPLOYEE, fullTeam, withMfa } from '@tenancy/domain/team/team.fixtures';
import { SqliteEventStore } from '@tenancy/event-store';
import { randomBytes } from 'node:crypto';
import { ListCursors, SqliteReadStore } from '@tenancy/read-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { auditEventsProjection } from './audit-events.projection';
import { companiesProjection } from './companies.projection';
import { ALL_PROJECTIONS } from './index';
import { membersProjection } from './members.projection';
import { projectBatch } from './project-batch';
import { ProjectionRunner } from './projection-runner';

/** A company's history under another id, as the store keeps it. */
const of = (companyId: string, events: CompanyEvent[]) => events.map((event) =>
  ({ type: event.type, schemaVersion: event.schemaVersion, data: JSON.parse(JSON.stringify(event.data).replaceAll(COMPANY_ID, companyId)) as Record<string, unknown> }));

describe('Rebuilding a projection', () => {
  let db: SqliteDatabase;
  afterEach(() => db.close());

  it('given documents that change across batches, when rebuilt three events at a time, then they are what folding the whole log at once gives', async () => {
    db = openDatabase(':memory:');
    const events = new SqliteEventStore(db);
    const store = new SqliteReadStore(db, new ListCursors(randomBytes(32)));
    // Three companies' histories appended in turns: each batch changes documents that earlier batches wrote.
    const histories = [of('c-1', withMfa(EMPLOYEE)), of('c-2', fullTeam()), of('c-3', deleted(withMfa(ADMIN)))];
    for (let i = 0; histories.some((history) => i < history.length); i++) {
      for (const [n, history] of histories.entries()) {
        const event = history[i];
        if (!event) continue;
        const metadata = { occurredAt: `2026-11-01T10:00:${String(i).padStart(2, '0')}.000Z`, actor: { userId: 'u' }, schemaVersion: event.schemaVersion };
        await events.appendToStream(`company-c-${n + 1}`, [{ id: `e-${n}-${i}`, type: event.type, data: event.data, metadata }], 'any');
      }
    }
    const log = (await events.readAll(0n, 1000)).events;
    const runner = new ProjectionRunner(events, store, ALL_PROJECTIONS, { batchSize: 3 });

    for (const projection of [companiesProjection, membersProjection, auditEventsProjection]) {
      await runner.rebuild(projection);
      const whole = projectBatch(projection, new Map(), log);
      const ids = [...whole.upserts.map((d) => d.id), ...whole.removals.map((r) => r.id)];
      expect(await store.load(projection.name, ids)).toEqual(new Map(whole.upserts.map((d) => [d.id, d])));
      expect(whole.upserts.length).toBeGreaterThan(1);
    }
    // The deleted company's own documents went with it.
    expect(await store.get(companiesProjection.name, 'c-3')).toBeNull();
    expect(await store.get(membersProjection.name, `c-3:${ADMIN.userId}`)).toBeNull();
  });
});

describe('Projections that stop on their own', () => {
  let db: SqliteDatabase;
  afterEach(() => db.close());

  it('given a read model that refuses a write, then the runner says why it stopped, and a wait for that event fails at once instead of at its timeout', async () => {
    db = openDatabase(':memory:');
    const events = new SqliteEventStore(db);
    const runner = new ProjectionRunner(events, new SqliteReadStore(db, new ListCursors(randomBytes(32))), ALL_PROJECTIONS);
    await runner.start();
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON rm_${companiesProjection.name} BEGIN SELECT RAISE(ABORT, 'the read model refuses'); END`);
    const [created] = of('c-1', withMfa(EMPLOYEE));
    const metadata = { occurredAt: '2026-11-01T10:00:00.000Z', actor: { userId: 'u' }, schemaVersion: created.schemaVersion };
    const { position } = await events.appendToStream('company-c-1', [{ id: 'e-1', type: created.type, data: created.data, metadata }], 'no_stream');
    const started = Date.now();

    await expect(runner.waitFor(position, 30_000)).rejects.toThrow('Read models stopped following the events: the read model refuses');

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(runner.stoppedBy).toBe('the read model refuses');
    await expect(runner.waitFor(position, 30_000)).rejects.toThrow('the read model refuses');
    await runner.stop();
  });
});
