import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { AnchorPublisher, type AnchorRecord } from '@tenancy/application';
import { chained, HashChainedEventStore, SqliteEventStore, ZERO_HASH, type NewEvent } from '@tenancy/event-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { auditVerify, parseArgs } from './audit-verify.command';

describe('npm run audit:verify', () => {
  let db: SqliteDatabase;
  let raw: SqliteEventStore;
  let store: HashChainedEventStore;
  let lines: string[];
  beforeEach(() => {
    db = openDatabase(':memory:');
    raw = new SqliteEventStore(db);
    store = new HashChainedEventStore(raw);
    lines = [];
  });
  afterEach(() => db.close());

  const companyId = '0190a0f0-0000-7000-8000-000000000001';
  const event = (n: number): NewEvent => ({ id: randomUUID(), type: 'Happened', data: { n }, metadata: {} });
  const run = (...argv: string[]) => auditVerify(raw, parseArgs(argv), (line) => lines.push(line), new PassThrough() as unknown as NodeJS.WriteStream);
  const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

  /** The anchor the publisher gives for the store as it is now. */
  async function anchorNow(): Promise<AnchorRecord> {
    const publisher = new AnchorPublisher(raw, [], {
      intervalMs: 60_000, clock: { now: () => new Date('2026-03-01T12:00:00.000Z') }, logger: silent, checkEveryMs: 3_600_000,
    });
    const head = await raw.headPosition();
    publisher.start();
    try {
      while (publisher.position < head) await new Promise((resolve) => setTimeout(resolve, 5));
      return (await publisher.tick())!;
    } finally {
      await publisher.stop();
    }
  }

  async function someHistory() {
    await store.appendToStream(`company-${companyId}`, [event(0), event(1), event(2)], 'no_stream');
    await store.appendToStream('user-sam', [event(0)], 'no_stream');
  }

  it('given an intact store, then every stream and one company verify, exit code 0', async () => {
    await someHistory();

    expect(await run()).toBe(0);
    expect(await run('--company', companyId)).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^Verified: 4 events up to position 4; head [0-9a-f]{64}$/), expect.stringMatching(/^Verified: 3 events up to position 3; head /)]);
  });

  it('given a deleted company (its stream tombstoned), then --company still checks its events as the full run does', async () => {
    await someHistory();
    await raw.tombstoneStream(`company-${companyId}`);

    expect(await run('--company', companyId)).toBe(0);
    db.prepare(`UPDATE es_events SET data = '{"n":7}' WHERE stream = ? AND revision = 2`).run(`company-${companyId}`);
    expect(await run('--company', companyId)).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/^Verified: 3 events up to position 3; head [0-9a-f]{64}$/),
      `Chain BROKEN in stream company-${companyId} at revision 2: hash-mismatch`,
    ]);
  });

  it('given one event changed, then exit code 1 and the break named', async () => {
    await someHistory();
    db.prepare(`UPDATE es_events SET data = '{"n":7}' WHERE stream = ? AND revision = 1`).run(`company-${companyId}`);

    expect(await run()).toBe(1);
    expect(lines).toEqual([`Chain BROKEN in stream company-${companyId} at revision 1: hash-mismatch`]);
  });

  it('given --anchor naming a file that does not exist, or text that is no anchor, then it says which, not a JSON parser\'s token error', async () => {
    await someHistory();
    await expect(run('--anchor', 'nofile.json')).rejects.toThrow('--anchor nofile.json: no such file (give a file holding the anchor, or its JSON starting with {)');
    await expect(run('--anchor', '{"position": 4')).rejects.toThrow(/^An anchor is JSON with "position"/);
  });

  it('given an anchor and the store grown since, then the store still matches it', async () => {
    await someHistory();
    const anchor = await anchorNow();
    await store.appendToStream('user-sam', [event(1)], 0n);

    expect(await run('--anchor', JSON.stringify(anchor))).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^Verified: 4 events/), `Anchor matches: the store up to position ${anchor.position} is as it was when anchored (${anchor.head})`]);
  });

  it('given an anchor, when the owner rewrote a stream and every hash after the change, then the chains hold but the anchor does not match', async () => {
    await someHistory();
    const anchor = await anchorNow();
    const stream = `company-${companyId}`;
    const rows = db.prepare<[string], { position: number; id: string; type: string; data: string }>(
      'SELECT position, id, type, data FROM es_events WHERE stream = ? ORDER BY revision').all(stream);
    const rewritten = chained(ZERO_HASH, rows.map((row, i) => ({ id: row.id, type: row.type, data: i === 1 ? { n: 7 } : JSON.parse(row.data), metadata: {} })));
    rewritten.events.forEach((e, i) => db.prepare('UPDATE es_events SET data = ?, metadata = ? WHERE position = ?')
      .run(JSON.stringify(e.data), JSON.stringify(e.metadata), rows[i].position));

    expect(await run()).toBe(0);
    expect(await run('--anchor', JSON.stringify(anchor))).toBe(1);
    expect(lines[2]).toMatch(new RegExp(`^Anchor MISMATCH at position ${anchor.position}: it records ${anchor.head}, the store now gives [0-9a-f]{64}$`));
  });

  it('given an event removed from the end of a stream after an anchor, then the anchor does not match', async () => {
    await someHistory();
    const anchor = await anchorNow();
    db.prepare(`DELETE FROM es_events WHERE stream = 'user-sam'`).run();

    expect(await run('--anchor', JSON.stringify(anchor))).toBe(1);
  });

  it('given a company the store never held, or arguments it does not know, then it says so and exits 2, as when it cannot run', async () => {
    expect(await run('--company', companyId)).toBe(2);
    expect(lines).toEqual([`No events for company ${companyId}: this store has no such company`]);
    expect(() => parseArgs(['--everything'])).toThrow(/Usage/);
    expect(() => parseArgs(['--anchor', '{}', '--company', companyId])).toThrow(/every stream/);
  });
});
