import { randomBytes, randomUUID } from 'node:crypto';
import { SqliteEventStore, type NewEvent } from '@tenancy/event-store';
import { ALL_PROJECTIONS, ProjectionRunner } from '@tenancy/projections';
import { ListCursors, SqliteReadStore } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { companyHistory } from './company-history';
import { rebuildFloor } from './rebuild-floor';
import { report } from './report';

/**
 * Rebuilds every read model from 100,000 events in the embedded SQLite file. The baseline is
 * reading the same events page by page without projecting them: what the store alone costs.
 */
export async function benchRebuild(eventCount = 100_000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-rebuild-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    const events = new SqliteEventStore(db);
    let written = 0;
    while (written < eventCount) {
      const history: NewEvent[] = companyHistory(randomUUID(), Math.min(20, eventCount - written));
      await events.appendToStream(`company-${history[0].data.companyId as string}`, history, 'no_stream');
      written += history.length;
    }
    const readStarted = process.hrtime.bigint();
    let read = 0;
    for (let position = 0n; ;) {
      const page = await events.readAll(position, 5000);
      if (page.events.length === 0) break;
      read += page.events.length;
      position = page.nextPosition;
    }
    const readRate = read / seconds(readStarted);

    const runner = new ProjectionRunner(events, new SqliteReadStore(db, new ListCursors(randomBytes(32))), ALL_PROJECTIONS, { batchSize: 5000 });
    console.log(`Projection rebuild (${eventCount} events, SQLite embedded, ${ALL_PROJECTIONS.length} read models)`);
    const rates: number[] = [];
    for (const projection of ALL_PROJECTIONS) {
      const started = process.hrtime.bigint();
      await runner.rebuild(projection);
      rates.push(eventCount / seconds(started));
      report(projection.name, rates[rates.length - 1], 'events/s', { name: 'reading $all alone', value: readRate });
    }
    const slowest = Math.min(...rates);
    report('slowest read model', slowest, 'events/s', { name: 'reading $all alone', value: readRate }, { ratio: 0.5, absolute: 50_000 });
    // What the slowest model's table layout allows at best: the same read, then its rows and
    // indexes written by plain SQL (ADR 0008). Its ratio to the read bounds the one above.
    const name = ALL_PROJECTIONS[rates.indexOf(slowest)].name;
    const floor = rebuildFloor(db, `rm_${name}`);
    const floorRate = eventCount / (read / readRate + floor.write + floor.indexes);
    console.log(`  ${name}'s floor: rows written ${(floor.write * 1e6 / eventCount).toFixed(1)} µs an event, indexes built ${(floor.indexes * 1e6 / eventCount).toFixed(1)} µs an event`);
    report(`${name}'s floor (the read, then its rows and indexes by plain SQL)`, floorRate, 'events/s', { name: 'reading $all alone', value: readRate });
    report(`${name} against its floor`, slowest, 'events/s', { name: 'its floor', value: floorRate });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
