import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type AnyBulkWriteOperation } from 'mongodb';

type RawDocument = { _id: string } & Record<string, unknown>;
import { SqliteEventStore, type RecordedEvent } from '@tenancy/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, projectBatch } from '@tenancy/projections';
import { ListCursors, MongoReadStore, type StoredDocument } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { appendHistories } from './history';
import { report } from './report';
import { mongoForBench } from './servers';

const BATCH = 1000;

/**
 * Projection throughput into MongoDB: every read model, live from the subscription, with the
 * position guards that make replays safe. Baseline: the raw driver writing the same
 * documents (plain upserts and deletes, no reads, no guards) in the same batches.
 */
export async function benchMongo(eventCount: number): Promise<void> {
  const server = await mongoForBench();
  if (typeof server === 'string') return console.log(`MongoDB projections: skipped — ${server}`);
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-mongo-bench-'));
  const db = openDatabase(join(dir, 'events.sqlite'));
  const client = await MongoClient.connect(server.address);
  const databases = [`bench_${randomUUID().slice(0, 8)}`, `bench_raw_${randomUUID().slice(0, 8)}`];
  try {
    const events = new SqliteEventStore(db);
    await appendHistories(events, eventCount);
    const all: RecordedEvent[] = [];
    for (let position = 0n; ;) {
      const page = await events.readAll(position, BATCH);
      if (page.events.length === 0) break;
      all.push(...page.events);
      position = page.nextPosition;
    }

    const runner = new ProjectionRunner(events, new MongoReadStore(client, new ListCursors(randomBytes(32)), databases[0]), ALL_PROJECTIONS, { batchSize: BATCH });
    const started = process.hrtime.bigint();
    await runner.start();
    await runner.waitFor(all[all.length - 1].position, 600_000);
    const projected = eventCount / seconds(started);
    await runner.stop();

    const raw = client.db(databases[1]);
    const known = new Map(ALL_PROJECTIONS.map((p) => [p.name, new Map<string, StoredDocument>()]));
    let rawSeconds = 0;
    for (let i = 0; i < all.length; i += BATCH) {
      const batch = all.slice(i, i + BATCH);
      for (const projection of ALL_PROJECTIONS) {
        const docs = known.get(projection.name)!;
        const changes = projectBatch(projection, docs, batch);
        for (const d of changes.upserts) docs.set(d.id, d);
        for (const r of changes.removals) docs.delete(r.id);
        const writes: AnyBulkWriteOperation<RawDocument>[] = [
          ...changes.upserts.map((d) => ({ replaceOne: { filter: { _id: d.id }, replacement: { _id: d.id, ...d.doc }, upsert: true } })),
          ...changes.removals.map((r) => ({ deleteOne: { filter: { _id: r.id } } })),
        ];
        const t = process.hrtime.bigint();
        if (writes.length > 0) await raw.collection<RawDocument>(projection.name).bulkWrite(writes, { ordered: false });
        rawSeconds += seconds(t);
      }
    }
    console.log(`MongoDB projections (${eventCount} events, ${ALL_PROJECTIONS.length} read models, batches of ${BATCH}, ${server.address})`);
    report('projection throughput', projected, 'events/s', { name: 'raw driver, same writes', value: eventCount / rawSeconds }, { ratio: 0.6 });
  } finally {
    for (const name of databases) await client.db(name).dropDatabase().catch(() => undefined);
    await client.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
