import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aggregates, Snapshots } from '@tenancy/application';
import { companyDecider, companyStreamName, upcastEvent, type CompanyCommand } from '@tenancy/domain';
import { SqliteEventStore, UpcastingEventStore, type EventStore } from '@tenancy/event-store';
import { timeOrderedIds } from '@tenancy/platform';
import { SqliteSnapshotStore } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { WRITE_LAYERS } from './appends.bench';
import { companyHistory } from './company-history';
import { fmt, report } from './report';

const COMMANDS = 300;

/**
 * A command on a company whose stream has 10,000 events (sign-ins append to it) beside the same
 * command on one with 10, through the whole write path (personal data sealed, events upcast), as
 * the service runs it: with the snapshot cache, and, for the record, without it.
 */
export async function benchLongStreams(longLength = 10_000, shortLength = 10): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-streams-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    const sealed = WRITE_LAYERS.reduce<EventStore>((below, layer) => layer.over(below, db), new SqliteEventStore(db));
    const events = new UpcastingEventStore(sealed, upcastEvent);
    const short = await seed(sealed, shortLength);
    const long = await seed(sealed, longLength);
    const cached = new Aggregates(events, timeOrderedIds, new Snapshots(new SqliteSnapshotStore(db)));
    const uncached = new Aggregates(events, timeOrderedIds);
    console.log(`Long streams: a sign-in on a company of ${fmt(longLength)} events beside one of ${shortLength} (${COMMANDS} commands each, SQLite embedded, personal data sealed)`);
    const shortMs = await msPerCommand(cached, short);
    const longMs = await msPerCommand(cached, long);
    report(`command on a ${fmt(longLength)}-event stream`, longMs, 'ms', { name: `a ${shortLength}-event stream`, value: shortMs }, { atMost: 2 });
    const uncachedMs = await msPerCommand(uncached, long, 20);
    console.log(`  without the snapshot cache: ${fmt(uncachedMs)} ms per command on the long stream (${(uncachedMs / shortMs).toFixed(1)}×)`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A company with `length` events, appended in pages: a short history (created, people linked,
 * renamed) and then sign-ins, which is what makes streams long.
 */
async function seed(store: EventStore, length: number): Promise<{ companyId: string; userId: string }> {
  const companyId = randomUUID();
  const start = companyHistory(companyId, Math.min(length, 10));
  const userId = (start.find((event) => event.type === 'UserLinked')?.data as { userId: string }).userId;
  const signIn = start.find((event) => event.type === 'MemberSignedIn')!;
  const history = [...start, ...Array.from({ length: length - start.length }, () => {
    const id = randomUUID();
    return { ...signIn, id, data: { ...signIn.data, userId }, metadata: { ...signIn.metadata, eventId: id, commandId: randomUUID() } };
  })].map((event) => ({ ...event, metadata: { ...event.metadata, actor: { userId: 'bench', staff: true, email: 'bench@staff.example' } } }));
  for (let from = 0; from < history.length; from += 500) {
    await store.appendToStream(companyStreamName(companyId), history.slice(from, from + 500), from === 0 ? 'no_stream' : BigInt(from - 1));
  }
  return { companyId, userId };
}

/** The median time of one sign-in command (load, decide, append), after a few to warm up. */
async function msPerCommand(aggregates: Aggregates, { companyId, userId }: { companyId: string; userId: string }, count = COMMANDS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count + 5; i++) {
    const id = randomUUID();
    const command: CompanyCommand = {
      type: 'RecordSignIn', data: { companyId, userId },
      metadata: { commandId: id, correlationId: id, causationId: id, actor: { userId, staff: false, email: 'member@bench.example' }, now: new Date().toISOString() },
    };
    const started = process.hrtime.bigint();
    await aggregates.handle(companyDecider, companyStreamName(companyId), command);
    if (i >= 5) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
