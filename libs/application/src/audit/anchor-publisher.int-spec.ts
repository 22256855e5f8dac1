import { randomUUID } from 'node:crypto';
import { HashChainedEventStore, SqliteEventStore, verifyAll, type NewEvent } from '@tenancy/event-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { AnchorPublisher, logAnchorSink, type AnchorRecord } from './anchor-publisher';

describe('Audit anchors: published at most once an interval, and only when something changed', () => {
  const INTERVAL = 60_000;
  const start = new Date('2026-03-01T12:00:00.000Z');
  let db: SqliteDatabase;
  let raw: SqliteEventStore;
  let store: HashChainedEventStore;
  let publisher: AnchorPublisher;
  let now: number;
  let published: AnchorRecord[];
  const logged: string[] = [];
  beforeEach(() => {
    db = openDatabase(':memory:');
    raw = new SqliteEventStore(db);
    store = new HashChainedEventStore(raw);
    now = start.getTime();
    published = [];
    logged.length = 0;
    const logger = { log: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
    publisher = new AnchorPublisher(raw, [{ name: 'test', publish: async (a) => { published.push(a); } }, logAnchorSink(logger)],
      { intervalMs: INTERVAL, clock: { now: () => new Date(now) }, logger, checkEveryMs: 3_600_000 });
    publisher.start();
  });
  afterEach(async () => { await publisher.stop(); db.close(); });

  const event = (): NewEvent => ({ id: randomUUID(), type: 'Happened', data: {}, metadata: {} });
  /** Appends, then waits until the publisher has followed them. */
  async function append(stream: string, count = 1) {
    const { position } = await store.appendToStream(stream, Array.from({ length: count }, event), 'any');
    while (publisher.position < position) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  it('given an empty store, when the interval passes, then nothing is anchored', async () => {
    now += INTERVAL;
    expect(await publisher.tick()).toBeNull();
  });

  it('given events, then the first anchor records their position and the digest verification gives for the store there', async () => {
    await append('company-a', 2);
    await append('user-b');

    const anchor = await publisher.tick();

    const { chains } = await verifyAll(raw);
    expect(anchor).toEqual({ position: '3', head: chains.digest(), streams: 2, anchoredAt: start.toISOString() });
    expect(published).toEqual([anchor]);
    expect(logged).toEqual([`audit anchor ${JSON.stringify(anchor)}`]);
  });

  it('given an anchor just published, when more events come before the interval passes, then the next waits for the interval', async () => {
    await append('company-a');
    await publisher.tick();
    await append('company-a');

    now += INTERVAL - 1;
    expect(await publisher.tick()).toBeNull();
    now += 1;
    expect(await publisher.tick()).toMatchObject({ position: '2', anchoredAt: new Date(start.getTime() + INTERVAL).toISOString() });
    expect(published.map((a) => a.position)).toEqual(['1', '2']);
  });

  it('given nothing appended since the last anchor, when intervals pass, then no anchor is published again', async () => {
    await append('company-a');
    await publisher.tick();

    now += 10 * INTERVAL;
    expect(await publisher.tick()).toBeNull();
    expect(published).toHaveLength(1);
  });

  it('given a sink that fails, then the others still get the anchor and the failure is logged', async () => {
    const failing = new AnchorPublisher(raw, [{ name: 'kafka', publish: async () => { throw new Error('broker down'); } }, logAnchorSink({ log: (m) => logged.push(m) })],
      { intervalMs: INTERVAL, clock: { now: () => new Date(now) }, logger: { log: () => undefined, warn: (m) => logged.push(m), error: () => undefined } });
    await append('company-a');
    failing.start();
    try {
      while (failing.position < 1n) await new Promise((resolve) => setTimeout(resolve, 5));
      await failing.tick();
    } finally {
      await failing.stop();
    }
    expect(logged).toEqual(expect.arrayContaining([expect.stringMatching(/^audit anchor \{/), expect.stringContaining('not published to kafka: Error: broker down')]));
  });

  it('given a store whose chain is broken, then no anchor vouches for it and the break is logged once', async () => {
    await append('company-a', 2);
    await publisher.stop();
    db.prepare("UPDATE es_events SET type = 'Forged' WHERE revision = 0").run();
    // A restart: a new process reads the file as it is now (the old one keeps the events it read).
    raw = new SqliteEventStore(db);
    const logger = { log: () => undefined, warn: () => undefined, error: (m: string) => logged.push(m) };
    publisher = new AnchorPublisher(raw, [logAnchorSink(logger)], { intervalMs: INTERVAL, clock: { now: () => new Date(now) }, logger });
    publisher.start();
    const ticks: unknown[] = [];
    for (let i = 0; i < 1000 && logged.length === 0; i++) {
      ticks.push(await publisher.tick());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    ticks.push(await publisher.tick());

    expect(ticks.every((tick) => tick === null)).toBe(true);
    expect(logged).toEqual(['audit anchors: the hash chain is BROKEN in stream company-a at revision 0 (hash-mismatch); no more anchors']);
  });
});
