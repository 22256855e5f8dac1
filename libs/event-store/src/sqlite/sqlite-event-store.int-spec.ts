import { randomUUID } from 'node:crypto';
import { openDatabase } from '@tenancy/sqlite';
import { eventStoreContract } from '../event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  const store = new SqliteEventStore(db);
  return { store, dispose: async () => { await store.close(); db.close(); } };
});

describe('SQLite event store: appends made together commit together', () => {
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
