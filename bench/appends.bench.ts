import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aggregates } from '@tenancy/application';
import { companyDecider, companyStreamName, upcastEvent, type CompanyCommand, type CommandMetadata } from '@tenancy/domain';
import { HashChainedEventStore, SqliteEventStore, UpcastingEventStore, type EventStore, type NewEvent } from '@tenancy/event-store';
import { DataKeys, KeyWrapping, PersonalDataEncryption } from '@tenancy/personal-data';
import { PERSONAL_DATA, timeOrderedIds } from '@tenancy/platform';
import { SqliteDataKeyStore } from '@tenancy/read-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { companyHistory } from './company-history';
import { report } from './report';

/**
 * A layer of the write path (libs/platform/src/stores.ts), as it wraps the store below it. Listed
 * here lowest first, as stores.ts stacks them; each is measured alone and all of them together.
 */
export interface WriteLayer {
  name: string;
  over(store: EventStore, db: SqliteDatabase): EventStore;
}

const SERVER_KEY = 'bench-server-key-bench-server-key';

export const WRITE_LAYERS: WriteLayer[] = [
  { name: 'hash chain', over: (store) => new HashChainedEventStore(store) },
  {
    name: 'personal data encryption',
    // As stores.ts builds it when events and keys share the embedded file.
    over: (store, db) => new PersonalDataEncryption(
      store, new DataKeys(new SqliteDataKeyStore(db, { eventsOnThisConnection: true }), new KeyWrapping(SERVER_KEY, { keyIds: timeOrderedIds })),
      PERSONAL_DATA),
  },
];

const WRITERS = 16;
const COMPANIES_PER_WRITER = 8;
const ROUNDS = 3;
const GOAL = { ratio: 0.85 };

interface Stack { name: string; layers: WriteLayer[] }

const stacks = (): Stack[] => [
  { name: 'plain SQLite', layers: [] },
  ...WRITE_LAYERS.map((layer) => ({ name: layer.name, layers: [layer] })),
  ...(WRITE_LAYERS.length > 1 ? [{ name: WRITE_LAYERS.map((l) => l.name).join(' + '), layers: WRITE_LAYERS }] : []),
];

/**
 * Two figures, each stack beside the plain store in the same run (the best of three interleaved
 * runs, on a fresh embedded file each): raw appends, one event per append as 16 writers make them
 * at once; and whole commands through the command path (load the stream, decide, append), which
 * also opens every sealed value of the stream it loads. Every event's actor carries an email, and
 * members come with one, so the encryption works on most events.
 */
export async function benchAppends(eventCount = 20_000, commandCount = 4_000): Promise<void> {
  const appends = await bestOf(stacks(), (layers) => appendsPerSecond(layers, eventCount));
  console.log(`Appends (${eventCount} events, ${WRITERS} writers, SQLite embedded; best of ${ROUNDS})`);
  for (const [name, rate] of [...appends].slice(1)) report(name, rate, 'appends/s', { name: 'plain SQLite', value: appends.get('plain SQLite')! }, GOAL);
  const commands = await bestOf(stacks(), (layers) => commandsPerSecond(layers, commandCount));
  console.log(`Commands: load, decide, append (${commandCount} commands, ${WRITERS} writers, 25 per company; best of ${ROUNDS})`);
  for (const [name, rate] of [...commands].slice(1)) report(name, rate, 'commands/s', { name: 'plain SQLite', value: commands.get('plain SQLite')! }, GOAL);
}

async function bestOf(all: Stack[], measure: (layers: WriteLayer[]) => Promise<number>): Promise<Map<string, number>> {
  const best = new Map<string, number>(all.map((stack) => [stack.name, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const stack of all) best.set(stack.name, Math.max(best.get(stack.name)!, await measure(stack.layers)));
  }
  return best;
}

/** A fresh embedded file with the layers over its event store, removed after `use`. */
async function onFreshFile<T>(layers: WriteLayer[], use: (store: EventStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-appends-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    return await use(layers.reduce<EventStore>((below, layer) => layer.over(below, db), new SqliteEventStore(db)));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function appendsPerSecond(layers: WriteLayer[], eventCount: number): Promise<number> {
  return onFreshFile(layers, async (store) => {
    const perWriter = Math.ceil(eventCount / WRITERS);
    const histories = Array.from({ length: WRITERS }, () => Array.from({ length: COMPANIES_PER_WRITER }, () => {
      const companyId = randomUUID();
      return { stream: `company-${companyId}`, events: companyHistory(companyId, Math.ceil(perWriter / COMPANIES_PER_WRITER)).map(withActorEmail) };
    }));
    const started = process.hrtime.bigint();
    await Promise.all(histories.map(async (companies) => {
      for (let i = 0; i < perWriter; i++) {
        const company = companies[i % COMPANIES_PER_WRITER];
        const revision = Math.floor(i / COMPANIES_PER_WRITER);
        await store.appendToStream(company.stream, [company.events[revision]], revision === 0 ? 'no_stream' : BigInt(revision - 1));
      }
    }));
    return (perWriter * WRITERS) / secondsSince(started);
  });
}

function commandsPerSecond(layers: WriteLayer[], commandCount: number): Promise<number> {
  return onFreshFile(layers, async (store) => {
    const aggregates = new Aggregates(new UpcastingEventStore(store, upcastEvent), timeOrderedIds);
    const perWriter = Math.ceil(commandCount / WRITERS);
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: WRITERS }, async () => {
      for (let done = 0; done < perWriter;) {
        for (const command of companyCommands(randomUUID(), Math.min(25, perWriter - done))) {
          await aggregates.handle(companyDecider, companyStreamName(command.data.companyId), command);
          done += 1;
        }
      }
    }));
    return (perWriter * WRITERS) / secondsSince(started);
  });
}

/** A company's life as commands: created with a contact, then people linked in and signing in. */
function companyCommands(companyId: string, count: number): CompanyCommand[] {
  const metadata = (): CommandMetadata => {
    const id = randomUUID();
    return { commandId: id, correlationId: id, causationId: id, actor: { userId: 'bench', staff: true, email: 'bench@staff.example' }, now: '2026-11-22T10:00:00.000Z' };
  };
  const commands: CompanyCommand[] = [{
    type: 'CreateCompany', metadata: metadata(),
    data: { companyId, name: 'Bench', environment: 'production', timezone: 'Europe/Berlin', defaultLanguage: 'de', contactEmail: 'ops@bench.example', apiToken: { tokenHash: 'h', tokenPrefix: 'tnc_abcd' } },
  }];
  const members: string[] = [];
  while (commands.length < count) {
    if (commands.length % 3 === 1) {
      const userId = randomUUID();
      members.push(userId);
      commands.push({ type: 'LinkUser', metadata: metadata(), data: { companyId, userId, email: `${userId.slice(0, 8)}@bench.example`, role: 'employee', reservationId: randomUUID() } });
    } else {
      commands.push({ type: 'RecordSignIn', metadata: metadata(), data: { companyId, userId: members[commands.length % members.length] } });
    }
  }
  return commands;
}

const withActorEmail = (event: NewEvent): NewEvent =>
  ({ ...event, metadata: { ...event.metadata, actor: { userId: 'bench', staff: true, email: 'bench@staff.example' } } });

const secondsSince = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
