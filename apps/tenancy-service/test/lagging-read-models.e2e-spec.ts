/*
 * Read models behind the events (a separate projector failing over, restarting or rebuilding):
 * a command that was recorded is answered 503 service.answer_unavailable, never from the read
 * models that do not have it yet (a 404 for what was just created, old values under the new
 * revision), and an Idempotency-Key keeps that answer, so sending it again does not do it twice;
 * once the read models have caught up, sending it again gets the answer the command had (the
 * API token of a company created so included), not the 503 for the rest of the key's 24 hours.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createBackgroundWork, openStores, timeOrderedIds, type BackgroundWork, type Stores } from '@tenancy/platform';
import { newCompany, staffToken, TestApp } from './harness';

jest.setTimeout(60_000);

describe('A command answered while the read models are behind', () => {
  let t: TestApp;
  // No projections in this process and no projector: the read models never catch up.
  beforeAll(async () => { t = await TestApp.start(undefined, { RUN_PROJECTIONS: 'false' }); });
  afterAll(async () => t?.stop());

  const eventsOfType = (type: string) => {
    const db = new Database(join(t.dataDir, 'tenancy.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM es_events WHERE type = ?').get(type) as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('given a create with an Idempotency-Key, then 503 service.answer_unavailable with its ETag and Location; sent again, the same answer and still one company', async () => {
    const headers = { 'idempotency-key': 'create-while-behind' };
    const first = await t.request('POST', '/v1/companies', newCompany({ name: 'Behind GmbH' }), { token: staffToken(), headers });

    expect([first.status, first.body.code, first.headers['retry-after']]).toEqual([503, 'service.answer_unavailable', '5']);
    expect(first.body.detail).toMatch(/^The command was recorded \(revision 1\), but the read models .* have not caught up .*do not send it again/);
    expect(first.headers.location).toMatch(/^\/v1\/companies\/[\w-]+$/);
    expect(first.headers.etag).toBe('"1"');

    const again = await t.request('POST', '/v1/companies', newCompany({ name: 'Behind GmbH' }), { token: staffToken(), headers });

    expect([again.status, again.body.code, again.headers.location, again.headers['idempotent-replayed']])
      .toEqual([503, 'service.answer_unavailable', first.headers.location, 'true']);
    expect(eventsOfType('CompanyCreated')).toBe(1);
  });

  /** The read models catch up: the projections run, as a projector started late would run them, on stores of their own. */
  async function catchUp(): Promise<{ stop(): Promise<void> }> {
    const stores: Stores = await openStores(t.config, undefined, { writer: 'under-lease' });
    const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const work: BackgroundWork = createBackgroundWork(t.config, stores, { ids: timeOrderedIds, clock: { now: () => new Date() }, logger: quiet });
    await work.start();
    return { stop: async () => { await work.stop(); await stores.close(); } };
  }

  it('given a create with an Idempotency-Key answered 503, when the read models have caught up and it is sent again, then 201 with the company and its API token, and still one company', async () => {
    const headers = { 'idempotency-key': 'create-then-catch-up' };
    const body = newCompany({ name: 'Late Answer GmbH' });
    const first = await t.request('POST', '/v1/companies', body, { token: staffToken(), headers });
    expect([first.status, first.body.code]).toEqual([503, 'service.answer_unavailable']);
    const companies = eventsOfType('CompanyCreated');

    const projector = await catchUp();
    try {
      let again = await t.request('POST', '/v1/companies', body, { token: staffToken(), headers });
      // The answer is kept within about a second of the read models reaching the command.
      for (let tries = 0; again.status === 503 && tries < 20; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        again = await t.request('POST', '/v1/companies', body, { token: staffToken(), headers });
      }

      expect([again.status, again.headers['idempotent-replayed'], again.headers.location, again.headers.etag])
        .toEqual([201, 'true', first.headers.location, '"1"']);
      expect(again.body).toMatchObject({ id: String(first.headers.location).split('/').pop(), name: 'Late Answer GmbH', revision: 1 });
      expect(again.body.apiToken).toMatch(/^\S{20,}$/);
      expect(eventsOfType('CompanyCreated')).toBe(companies);
    } finally {
      await projector.stop();
    }
  });

  it('given a change to a company, then 503 service.answer_unavailable, not the old values under the new revision', async () => {
    const created = await t.request('POST', '/v1/companies', newCompany({ name: 'Old Name AG' }));
    const id = String(created.headers.location).split('/').pop()!;

    const renamed = await t.request('PATCH', `/v1/companies/${id}`, { name: 'New Name AG' }, { token: staffToken(), headers: { 'if-match': created.headers.etag as string } });

    expect([renamed.status, renamed.body.code, renamed.headers.etag]).toEqual([503, 'service.answer_unavailable', '"2"']);
    expect(JSON.stringify(renamed.body)).not.toContain('Old Name AG');
  });
});
