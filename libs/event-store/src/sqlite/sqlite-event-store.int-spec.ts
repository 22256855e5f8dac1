import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '@tenancy/sqlite';
import { eventStoreContract } from '../event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  const store = new SqliteEventStore(db);
  return { store, dispose: async () => { await store.close(); db.close(); } };
});

describe('SQLite event store', () => {
  const event = (id = randomUUID()) => ({ id, type: 'Happened', data: {}, metadata: {} });
  let db: ReturnType<typeof openDatabase>;
  let store: SqliteEventStore;
  beforeEach(() => {
    db = openDatabase(':memory:');
    store = new SqliteEventStore(db);
  });
  afterEach(async () => {
    await store.close();
    db.close();
  });

  describe('appends made together commit together', () => {

    it('given appends made in one turn of the event loop, then their positions follow the order they were made in', async () => {
      const results = await Promise.all(['a', 'b', 'c', 'a'].map((s, i) => store.appendToStream(`s-${s}`, [event()], i === 3 ? 0n : 'no_stream')));

      expect(results.map((r) => r.position)).toEqual([1n, 2n, 3n, 4n]);
      expect(results[3].nextRevision).toBe(1n);
    });

    it('given an append that fails half way (its second event id is taken), then none of it is kept and the others still land', async () => {
      const taken = randomUUID();
      await store.appendToStream('s-first', [event(taken)], 'no_stream');

      const [before, broken, after] = await Promise.allSettled([
        store.appendToStream('s-before', [event()], 'no_stream'),
        store.appendToStream('s-broken', [event(), event(taken)], 'no_stream'),
        store.appendToStream('s-after', [event()], 'no_stream'),
      ]);

      expect([before.status, broken.status, after.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.readStream('s-broken')).toEqual([]);
      expect((await store.readAll(0n, 10)).events.map((e) => e.streamName)).toEqual(['s-first', 's-before', 's-after']);
    });
  });

  describe('SQLite event store beside another writer on the same file (a projector process)', () => {
    it('given another connection committing all the time, when appending, then every append waits its turn and none fails', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tenancy-es-'));
      const file = join(dir, 'events.sqlite');
      const db = openDatabase(file);
      const store = new SqliteEventStore(db);
      db.exec('CREATE TABLE other_writer (n INTEGER)');
      // Holds the write lock for a few milliseconds at a time, as a projector's batch does.
      const writer = new Worker(`
        const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
        const db = new Database(${JSON.stringify(file)});
        db.pragma('busy_timeout = 5000');
        const insert = db.prepare('INSERT INTO other_writer (n) VALUES (?)');
        const until = Date.now() + 1500;
        for (let n = 0; Date.now() < until; n++) {
          db.transaction(() => { insert.run(n); const t = Date.now() + 2; while (Date.now() < t); }).immediate();
        }
        db.close();
      `, { eval: true });
      const stopped = new Promise((resolve) => writer.once('exit', resolve));
      try {
        const failures: unknown[] = [];
        for (let round = 0; round < 100; round++) {
          const appends = Array.from({ length: 4 }, () => store.appendToStream(`s-${randomUUID()}`, [event()], 'no_stream'));
          for (const outcome of await Promise.allSettled(appends)) if (outcome.status === 'rejected') failures.push(outcome.reason);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }

        expect(failures).toEqual([]);
      } finally {
        await stopped;
        await store.close();
        db.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    const event = () => ({ id: randomUUID(), type: 'Happened', data: {}, metadata: {} });
  });

  describe('subscribers share their reads, verification reads the file', () => {

    /** Subscribes from the start and resolves with the types it saw once it has `count` events. */
    function follow(count: number): Promise<string[]> {
      return new Promise((resolve) => {
        const seen: string[] = [];
        const subscription = store.subscribeToAll({
          from: 0n,
          onEvents: async (events) => {
            seen.push(...events.map((e) => e.type));
            if (seen.length >= count) void subscription.stop().then(() => resolve(seen));
          },
        });
      });
    }

    it('given two subscribers, then both get every event, in order', async () => {
      await store.appendToStream('s-a', [event(), event()], 'no_stream');
      const [first, second] = await Promise.all([follow(2), follow(2)]);

      expect(first).toEqual(['Happened', 'Happened']);
      expect(second).toEqual(first);
    });

    it('given more events than a page, while the subscriber works on one page, then the next is read meanwhile, and each page arrives once, in order', async () => {
      await store.appendToStream('s-a', [event(), event(), event(), event(), event()], 'no_stream');
      const reads = jest.spyOn(store, 'readAll');
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const pages: bigint[][] = [];
      const subscription = store.subscribeToAll({
        from: 0n,
        batchSize: 2,
        onEvents: async (events) => {
          pages.push(events.map((e) => e.position));
          if (pages.length === 1) await held;
        },
      });
      try {
        await until(() => reads.mock.calls.length === 2);
        expect(pages).toEqual([[1n, 2n]]);
        expect(reads.mock.calls.map(([from]) => from)).toEqual([0n, 2n]);

        release();
        await until(() => pages.length === 3);
        expect(pages).toEqual([[1n, 2n], [3n, 4n], [5n]]);
      } finally {
        release();
        await subscription.stop();
      }
    });

    it('given stored metadata with a "__proto__" field (written to the file by other means), then it reads back as a field, never as the prototype', async () => {
      await store.appendToStream('s-a', [event()], 'no_stream');
      db.prepare(`UPDATE es_events SET metadata = '{"commandId":"c-1","__proto__":{"polluted":true}}', elided = 1 WHERE position = 1`).run();

      const [read] = (await store.readAll(0n, 10)).events;

      expect(Object.getPrototypeOf(read.metadata)).toBe(Object.prototype);
      expect((read.metadata as { polluted?: boolean }).polluted).toBeUndefined();
      expect(Object.keys(read.metadata)).toEqual(['eventId', 'commandId', '__proto__']);
    });

    it('given a subscriber that has read to the end, then it reads the file once per append, never again only to find nothing', async () => {
      const reads = jest.spyOn(store, 'readAll');
      const seen: bigint[] = [];
      const subscription = store.subscribeToAll({ from: 0n, onEvents: async (events) => { seen.push(...events.map((e) => e.position)); } });
      try {
        await until(() => reads.mock.calls.length === 1);
        await store.appendToStream('s-a', [event()], 'no_stream');
        await until(() => seen.length === 1);
        await turns(20);
        expect(reads.mock.calls.length).toBe(2);

        await store.appendToStream('s-a', [event()], 0n);
        await until(() => seen.length === 2);
        await turns(20);
        expect(reads.mock.calls.length).toBe(3);
      } finally {
        await subscription.stop();
      }
    });

    it('given an append while a subscriber works on the end of the log, then it reads that append at once, without waiting for the idle poll', async () => {
      await store.appendToStream('s-a', [event()], 'no_stream');
      const seen: bigint[] = [];
      const subscription = store.subscribeToAll({
        from: 0n,
        onEvents: async (events) => {
          seen.push(...events.map((e) => e.position));
          if (seen.length === 1) await store.appendToStream('s-a', [event()], 0n);
        },
      });
      try {
        // A few hundred turns take milliseconds; the idle poll comes after 500.
        await until(() => seen.length === 2);
        expect(seen).toEqual([1n, 2n]);
      } finally {
        await subscription.stop();
      }
    });

    it('given a full page that holds the rest of the log, when its subscriber appends while working on it, then it gets that append at once, without waiting for the idle poll', async () => {
      for (const stream of ['s-a', 's-b', 's-c']) await store.appendToStream(stream, [event()], 'no_stream');
      // A subscriber with a bigger page reads to the end first, so the next one's page of three comes from the shared recent events, marked as the end.
      const firstSeen: bigint[] = [];
      const first = store.subscribeToAll({ from: 0n, batchSize: 10, onEvents: async (events) => { firstSeen.push(...events.map((e) => e.position)); } });
      const seen: bigint[] = [];
      let second: { stop(): Promise<void> } | undefined;
      try {
        await until(() => firstSeen.length === 3);
        second = store.subscribeToAll({
          from: 0n,
          batchSize: 3,
          onEvents: async (events) => {
            seen.push(...events.map((e) => e.position));
            if (seen.length === 3) {
              await store.appendToStream('s-d', [event()], 'no_stream');
              await turns(20); // still working when the append has committed
            }
          },
        });

        await until(() => seen.length === 4);

        expect(seen).toEqual([1n, 2n, 3n, 4n]);
      } finally {
        await second?.stop();
        await first.stop();
      }
    });

    const turns = async (count: number) => {
      for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    };

    /** Turns of the event loop until `done` holds (a subscription works on its own turns). */
    async function until(done: () => boolean): Promise<void> {
      for (let turn = 0; !done(); turn += 1) {
        if (turn > 1000) throw new Error('still not done after 1,000 turns of the event loop');
        await new Promise((resolve) => setImmediate(resolve));
      }
    }

    it('given an event altered in the file after a subscriber read it, then readAll (what verification reads) gives the file as it is now', async () => {
      await store.appendToStream('s-a', [event()], 'no_stream');
      await follow(1);

      db.prepare("UPDATE es_events SET type = 'Forged' WHERE position = 1").run();

      expect((await store.readAll(0n, 10)).events.map((e) => e.type)).toEqual(['Forged']);
    });
  });
});
