import { verifyAll } from '@tenancy/event-store';
import { sqliteFile, type Stores } from '@tenancy/platform';
import { openDatabase } from '@tenancy/sqlite';
import { PassThrough } from 'node:stream';
import { AuditTrailCheck } from '@tenancy/application';
import { auditVerify } from '../src/cli/audit-verify.command';
import { STORES } from '../src/infrastructure/storage.module';
import { companyWithOwner, link, person, TestApp } from './harness';

/** Asks again until `check` holds: erasure's effects land in the background. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The byte at `index` of the text replaced by another character that keeps the JSON valid. */
const flipOneByte = (text: string, index: number) =>
  `${text.slice(0, index)}${text[index] === 'a' ? 'b' : 'a'}${text.slice(index + 1)}`;

describe('Tamper evidence: verifying a company\'s hash chain', () => {
  let t: TestApp;
  afterEach(async () => t?.stop());
  beforeEach(async () => { t = await TestApp.start(); });

  const olivia = person('olivia', 'olivia@acme.example');
  const sam = person('sam', 'sam@people.example');
  const verify = (companyId: string, caller?: { token?: string }) => t.request('GET', `/v1/audit/companies/${companyId}/verify`, undefined, caller);

  it('given a company with some history, when staff verify it, then it is verified with every event counted and the head of its chain', async () => {
    const acme = await companyWithOwner(t, olivia);
    await link(t, acme, sam, 'viewer');
    const history = (await t.request('GET', `/v1/companies/${acme}/events`)).body.items;

    const verified = await verify(acme);

    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ verified: true, events: history.length, unhashed: 0, head: expect.stringMatching(/^[0-9a-f]{64}$/), position: expect.any(String) });
    await link(t, acme, person('kate'), 'viewer');
    expect((await verify(acme)).body.head).not.toBe(verified.body.head);
  });

  it('given a caller who is not staff, or a company that does not exist, then 403 and 404', async () => {
    const acme = await companyWithOwner(t, olivia);

    expect([(await verify(acme, olivia.caller)).status, (await verify(acme, olivia.caller)).body.code]).toEqual([403, 'auth.staff_only']);
    const unknown = await verify('0190a0f0-0000-7000-8000-000000000000');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'company.not_found']);
  });

  it('given one byte of one event\'s data changed in the SQLite file while the service was stopped, when verified, then the stream and revision are named', async () => {
    const acme = await companyWithOwner(t, olivia);
    await link(t, acme, sam, 'viewer');
    await t.stop({ keepData: true });

    const db = openDatabase(sqliteFile(t.config));
    const row = db.prepare<[string], { position: number; data: string }>(
      'SELECT position, data FROM es_events WHERE stream = ? AND revision = 1').get(`company-${acme}`)!;
    db.prepare('UPDATE es_events SET data = ? WHERE position = ?').run(flipOneByte(row.data, row.data.indexOf('":"') + 3), row.position);
    db.close();
    t = await TestApp.start(t.dataDir);

    const verified = await verify(acme);

    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ verified: false, brokenAt: { stream: `company-${acme}`, revision: 1, reason: 'hash-mismatch' } });
  });

  describe('the audit trail (what the trail and the export read) against the events', () => {
    const revisionOne = 'company_id = ? AND f_revision = 1';
    const changes: [string, string, string][] = [
      ['a row deleted', 'audit-missing', `DELETE FROM rm_audit_events_v3 WHERE ${revisionOne}`],
      ['a row\'s type changed (hiding it from that type\'s filter)', 'audit-altered',
        `UPDATE rm_audit_events_v3 SET f_type = 'CompanyActivated', doc = json_set(doc, '$.type', 'CompanyActivated') WHERE ${revisionOne}`],
      // A copy of revision 1's row (every column of it) under an event id the store does not hold.
      ['a row of an event the store does not hold added', 'audit-extra',
        'INSERT INTO rm_audit_events_v3 (id, company_id, position, f_at, f_actor, f_type, f_revision, doc) '
        + 'SELECT \'forged\', company_id, position, f_at, f_actor, f_type, f_revision, json_set(doc, \'$.eventId\', \'forged\') '
        + `FROM rm_audit_events_v3 WHERE ${revisionOne}`],
    ];
    it.each(changes)('given %s in the SQLite file while the service was stopped, then the route and audit:verify name its stream and revision', async (_, reason, change) => {
      const acme = await companyWithOwner(t, olivia);
      await link(t, acme, sam, 'viewer');
      expect((await verify(acme)).body.verified).toBe(true);
      await t.stop({ keepData: true });
      const db = openDatabase(sqliteFile(t.config));
      expect(db.prepare(change).run(acme).changes).toBe(1);
      db.close();
      t = await TestApp.start(t.dataDir);

      const verified = await verify(acme);
      const stores = t.app.get<Stores>(STORES);
      const lines: string[] = [];
      const cli = (...argv: string[]) => auditVerify(stores.storedEvents, argv[0] ? { company: argv[0] } : {}, (line) => lines.push(line),
        new PassThrough() as unknown as NodeJS.WriteStream, new AuditTrailCheck(stores.storedEvents, stores.readModels));

      const brokenAt = { stream: `company-${acme}`, revision: 1, reason };
      expect(verified.status).toBe(200);
      expect(verified.body).toEqual({ verified: false, brokenAt });
      expect([await cli(acme), await cli()]).toEqual([1, 1]);
      const broken = `Audit trail BROKEN in stream company-${acme} at revision 1: ${reason}`;
      expect(lines).toEqual([expect.stringMatching(/^Verified: /), broken, expect.stringMatching(/^Verified: /), broken]);
    });

    it('given an intact store, then audit:verify says the trail holds every event', async () => {
      const acme = await companyWithOwner(t, olivia);
      await link(t, acme, sam, 'viewer');
      const stores = t.app.get<Stores>(STORES);
      const lines: string[] = [];

      const code = await auditVerify(stores.storedEvents, {}, (line) => lines.push(line), new PassThrough() as unknown as NodeJS.WriteStream,
        new AuditTrailCheck(stores.storedEvents, stores.readModels));

      expect(code).toBe(0);
      expect(lines).toEqual([expect.stringMatching(/^Verified: /), 'Audit trail holds every event verified up to its checkpoint, and no other']);
    });
  });

  it('given one byte changed inside a sealed email box, then every reader shows the rest of the history with that value null and named unreadable, and commands still run', async () => {
    const acme = await companyWithOwner(t, olivia);
    await link(t, acme, sam, 'viewer');
    await t.stop({ keepData: true });
    const db = openDatabase(sqliteFile(t.config));
    const row = db.prepare<[string], { position: number; revision: number; data: string }>(
      "SELECT position, revision, data FROM es_events WHERE stream = ? AND type = 'UserLinked'").get(`company-${acme}`)!;
    db.prepare('UPDATE es_events SET data = ? WHERE position = ?').run(flipOneByte(row.data, row.data.indexOf('"sealed":"') + 30), row.position);
    db.close();
    t = await TestApp.start(t.dataDir);

    const history = await t.request('GET', `/v1/companies/${acme}/events`, undefined, olivia.caller);
    const exported = await t.request('GET', `/v1/audit/export?companyId=${acme}`);
    const asOf = await t.request('GET', `/v1/audit/companies/${acme}`);
    const renamed = await t.request('PATCH', `/v1/companies/${acme}`, { name: 'Acme Renamed' });

    expect([history.status, exported.status, asOf.status, renamed.status]).toEqual([200, 200, 200, 200]);
    const linked = history.body.items.find((item: { revision: number }) => item.revision === row.revision);
    expect(linked).toMatchObject({ type: 'UserLinked', data: { email: null }, unreadable: ['email'] });
    expect(history.body.items.filter((item: { unreadable?: string[] }) => item.unreadable)).toHaveLength(1);
    expect(exported.text.split('\n').filter(Boolean).map((line) => JSON.parse(line))[row.revision]).toEqual(linked);
    const samAsOf = asOf.body.members.find((member: { userId: string }) => member.userId === sam.userId);
    expect([samAsOf.email, samAsOf.unreadable, samAsOf.erased]).toEqual([null, ['email'], undefined]);
    expect((await verify(acme)).body.brokenAt).toEqual({ stream: `company-${acme}`, revision: row.revision, reason: 'hash-mismatch' });
  });

  it('given a company whose events were written before the chain (no hash stored), when it changes again, then the old events count as unhashed and it verifies', async () => {
    const acme = await companyWithOwner(t, olivia);
    await t.stop({ keepData: true });
    const db = openDatabase(sqliteFile(t.config));
    const old = db.prepare("UPDATE es_events SET metadata = json_remove(metadata, '$.hash') WHERE stream = ?").run(`company-${acme}`).changes;
    db.close();
    t = await TestApp.start(t.dataDir);

    await link(t, acme, sam, 'viewer');

    const verified = await verify(acme);
    expect(verified.body).toMatchObject({ verified: true, unhashed: old });
    expect(verified.body.events).toBeGreaterThan(old);
  });

  it('given a user erased (their keys destroyed), then their companies still verify: the chain covers the ciphertext, which stays', async () => {
    const acme = await companyWithOwner(t, olivia);
    await link(t, acme, sam, 'admin');
    const before = (await verify(acme)).body;

    expect((await t.request('POST', `/v1/users/${sam.userId}/erasure`)).status).toBe(202);
    await eventually(async () => (await t.request('GET', `/v1/companies/${acme}/events`)).body.items.some((e: { erased?: string[] }) => e.erased),
      'the history reads the user\'s email as erased');

    expect((await verify(acme)).body).toEqual(before);
  });

  it('given a company deleted (stream tombstoned, keys destroyed), then every stream of the store still verifies, and the route says the company is gone', async () => {
    const acme = await companyWithOwner(t, olivia, { name: 'Acme' });
    await link(t, acme, sam, 'admin');
    expect((await t.request('DELETE', `/v1/companies/${acme}`, { confirmName: 'Acme' })).status).toBe(204);
    await eventually(async () => (await verify(acme)).status === 404, 'the company stream is tombstoned');

    const stores = t.app.get<Stores>(STORES);
    const { verification } = await verifyAll(stores.storedEvents);
    const trail = new AuditTrailCheck(stores.storedEvents, stores.readModels);

    expect(verification).toMatchObject({ verified: true, unhashed: 0 });
    // Its trail outlives it: still every event, the deleted stream's read from `$all`.
    expect([await trail.all(), await trail.company(`company-${acme}`, acme)]).toEqual([null, null]);
  });
});
