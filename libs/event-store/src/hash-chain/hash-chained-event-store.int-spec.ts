import { createHash, randomUUID } from 'node:crypto';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { eventStoreContract } from '../event-store.contract';
import { EventStoreDbEventStore } from '../eventstoredb';
import type { NewEvent } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { HASH_KEY } from './event-hash';
import { HashChainedEventStore } from './hash-chained-event-store';
import { StreamChains } from './stream-chains';

eventStoreContract('hash-chained SQLite', async () => {
  const db = openDatabase(':memory:');
  const store = new HashChainedEventStore(new SqliteEventStore(db));
  return { store, dispose: async () => { await store.close(); db.close(); } };
});

const url = process.env.EVENTSTORE_URL;
if (url) {
  eventStoreContract('hash-chained EventStoreDB', async () => {
    const store = new HashChainedEventStore(EventStoreDbEventStore.connect(url, { idlePollMs: 500 }));
    return { store, dispose: () => store.close() };
  });
} else {
  process.stdout.write('[eventstoredb] EVENTSTORE_URL not set — hash-chained EventStoreDB contract suite skipped\n');
  it.skip('EventStore contract: hash-chained EventStoreDB (needs EVENTSTORE_URL)', () => undefined);
}

describe('hash-chained store: every append extends its stream\'s chain', () => {
  let db: SqliteDatabase;
  let raw: SqliteEventStore;
  let store: HashChainedEventStore;
  beforeEach(() => {
    db = openDatabase(':memory:');
    raw = new SqliteEventStore(db);
    store = new HashChainedEventStore(raw);
  });
  afterEach(() => db.close());

  const event = (n: number): NewEvent => ({ id: randomUUID(), type: 'Happened', data: { n }, metadata: { occurredAt: '2026-01-01T00:00:00.000Z' } });
  const chainOf = async (...streams: string[]) => {
    const chains = new StreamChains();
    for (const stream of streams) chains.follow(await raw.readStream(stream));
    return chains;
  };

  it('given appends with every kind of expected revision, some by a second writer that never read the stream, then the stored chain holds', async () => {
    const other = new HashChainedEventStore(raw);
    await store.appendToStream('s-1', [event(0), event(1)], 'no_stream');
    await store.appendToStream('s-1', [event(2)], 1n);
    await other.appendToStream('s-1', [event(3)], 2n);
    await store.appendToStream('s-1', [event(4)], 3n);
    await other.appendToStream('s-1', [event(5)], 'any');
    await store.appendToStream('s-1', [event(6)], 'stream_exists');
    await store.appendToStream('s-2', [event(0)], 'any');

    const chains = await chainOf('s-1', 's-2');

    expect(chains.broken).toBeNull();
    expect([chains.events, chains.unhashed]).toEqual([8, 0]);
  });

  it('given writers racing with `any`, then every append lands and the chain still holds', async () => {
    const writers = [store, new HashChainedEventStore(raw), new HashChainedEventStore(raw)];
    await store.appendToStream('s-race', [event(0)], 'no_stream');

    await Promise.all(writers.flatMap((writer, w) => [1, 2, 3].map((n) => writer.appendToStream('s-race', [event(w * 10 + n)], 'any'))));

    const chains = await chainOf('s-race');
    expect(chains.broken).toBeNull();
    expect(chains.events).toBe(10);
  });

  it('given a stream written before the chain, when appending to it, then the old events stay unhashed and the new ones cover them', async () => {
    await raw.appendToStream('s-old', [event(0), event(1)], 'no_stream');

    await store.appendToStream('s-old', [event(2)], 1n);
    await new HashChainedEventStore(raw).appendToStream('s-old', [event(3)], 'any');

    const chains = await chainOf('s-old');
    expect([chains.broken, chains.unhashed, chains.events]).toEqual([null, 2, 4]);
    db.prepare("UPDATE es_events SET data = '{\"n\":9}' WHERE stream = 's-old' AND revision = 0").run();
    expect((await chainOf('s-old')).broken).toEqual({ stream: 's-old', revision: 2, reason: 'hash-mismatch' });
  });

  it('given a hashed stream, when read through the decorator, then readers see the metadata as appended and the store keeps the hash', async () => {
    await store.appendToStream('s-1', [event(0)], 'no_stream');

    const [read] = await store.readStream('s-1');
    const [kept] = await raw.readStream('s-1');
    const [fromAll] = (await store.readAll(0n, 10)).events;

    expect(read.metadata).toEqual({ occurredAt: '2026-01-01T00:00:00.000Z' });
    expect(fromAll.metadata).toEqual(read.metadata);
    expect(kept.metadata[HASH_KEY]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('given a command\'s events in SQLite, when an auditor recomputes each hash from es_events as docs/tamper-evidence.md says, then it matches once the elided ids are back', async () => {
    const commandId = randomUUID();
    const byCommand = (n: number): NewEvent => {
      const id = randomUUID();
      return { id, type: 'Happened', data: { n }, metadata: { eventId: id, commandId, correlationId: commandId, causationId: commandId, z: 'é' } };
    };
    await store.appendToStream('s-1', [byCommand(0), byCommand(1)], 'no_stream');

    // The recipe, written apart from the service's own code: sort keys, serialise, SHA-256.
    const sorted = (value: unknown): unknown => (Array.isArray(value) ? value.map(sorted)
      : value !== null && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])])) : value);
    const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(sorted(value))).digest('hex');
    const rows = db.prepare<[], { id: string; type: string; data: string; metadata: string; elided: number }>(
      "SELECT id, type, data, metadata, elided FROM es_events WHERE stream = 's-1' ORDER BY revision").all();
    let previous = '0'.repeat(64);
    for (const row of rows) {
      const { hash, ...stored } = JSON.parse(row.metadata) as Record<string, unknown>;
      const restored = {
        ...stored, ...(row.elided & 1 ? { eventId: row.id } : {}),
        ...(row.elided & 2 ? { correlationId: stored.commandId } : {}), ...(row.elided & 4 ? { causationId: stored.commandId } : {}),
      };

      expect(row.elided).toBe(7);
      expect(sha256([previous, row.id, row.type, JSON.parse(row.data), stored])).not.toBe(hash);
      expect(sha256([previous, row.id, row.type, JSON.parse(row.data), restored])).toBe(hash);
      previous = hash as string;
    }
  });

  it('given an append expecting a revision the stream has not reached, then it is refused as the store would', async () => {
    await store.appendToStream('s-1', [event(0)], 'no_stream');

    await expect(new HashChainedEventStore(raw).appendToStream('s-1', [event(1)], 4n)).rejects.toMatchObject({ name: 'WrongExpectedRevision', actual: 0n });
    expect(await raw.readStream('s-1')).toHaveLength(1);
  });
});

