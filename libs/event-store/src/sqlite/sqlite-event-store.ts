import { EventEmitter } from 'node:events';
import { GroupCommit, type GroupParticipant, type SqliteDatabase } from '@tenancy/sqlite';
import {
  AppendResult, EventStore, ExpectedRevision, GlobalPosition, NewEvent, ReadAllPage,
  RecordedEvent, StreamDeleted, Subscription, SubscribeOptions, WrongExpectedRevision,
} from '../event-store.port';
import { pollingSubscription } from '../polling-subscription';
import { RecentEvents } from './recent-events';

interface EventRow {
  position: number; stream: string; revision: number; id: string; type: string; data: string; metadata: string;
  /** Metadata fields left out because they repeat another (ELIDED bits); older rows have 0. */
  elided: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS es_streams (
    name TEXT PRIMARY KEY, revision INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  -- No AUTOINCREMENT: events are never deleted, so max(position) + 1 already only grows, and
  -- AUTOINCREMENT would write its sqlite_sequence page in every commit.
  CREATE TABLE IF NOT EXISTS es_events (
    position INTEGER PRIMARY KEY,
    stream TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
    UNIQUE (stream, revision)
  );`;

/**
 * Ids the metadata repeats: `eventId` is the row's id, and a command's correlation and causation
 * are mostly its own id. Leaving them out of the stored JSON saves about 150 bytes an event;
 * reading puts them back, in their usual order.
 */
const ELIDED = { eventId: 1, correlationId: 2, causationId: 4 } as const;

/** Event store in the embedded SQLite file. Appends are serialised by SQLite's write lock. */
export class SqliteEventStore implements EventStore {
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly statements;
  private readonly recent = new RecentEvents();
  private readonly group: GroupCommit;
  /** Wakes this process's subscribers once per group that appended events, after it committed. */
  private readonly wakeSubscribers: GroupParticipant;
  private appendedInGroup = false;

  constructor(private readonly db: SqliteDatabase) {
    db.exec(SCHEMA);
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('es_events')").all();
    if (!columns.some((c) => c.name === 'elided')) db.exec('ALTER TABLE es_events ADD COLUMN elided INTEGER NOT NULL DEFAULT 0');
    this.statements = {
      stream: db.prepare<[string], { revision: number; deleted: number }>(
        'SELECT revision, deleted FROM es_streams WHERE name = ?'),
      upsertStream: db.prepare('INSERT INTO es_streams (name, revision) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET revision = excluded.revision'),
      insert: db.prepare('INSERT INTO es_events (stream, revision, id, type, data, metadata, elided) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      readStream: db.prepare<[string, number], EventRow>(
        'SELECT * FROM es_events WHERE stream = ? AND revision >= ? ORDER BY revision'),
      readAll: db.prepare<[number, number], EventRow>(
        'SELECT * FROM es_events WHERE position > ? ORDER BY position LIMIT ?'),
      head: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM es_events'),
      tombstone: db.prepare(
        'INSERT INTO es_streams (name, revision, deleted) VALUES (?, -1, 1) ON CONFLICT(name) DO UPDATE SET deleted = 1'),
    };
    this.group = GroupCommit.of(db);
    this.wakeSubscribers = {
      committed: () => {
        if (!this.appendedInGroup) return;
        this.appendedInGroup = false;
        this.recent.appended();
        this.appended.emit('appended');
      },
    };
    this.group.join(this.wakeSubscribers);
  }

  /**
   * Appends made while the event loop was busy wait for its next turn and commit together, with
   * whatever else the connection writes then (GroupCommit): one transaction for all of them.
   * Each still succeeds or fails on its own, in a savepoint, and sees the appends queued before it.
   */
  appendToStream(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.group.write(() => {
      const result = this.appendOne(stream, events, expected);
      if (events.length > 0) this.appendedInGroup = true;
      return result;
    });
  }

  private appendOne(stream: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    const current = this.statements.stream.get(stream);
    if (current?.deleted) throw new StreamDeleted(stream);
    const actual = current ? BigInt(current.revision) : 'no_stream';
    if (!matches(expected, actual)) throw new WrongExpectedRevision(stream, expected, actual);
    let revision = current ? current.revision : -1;
    let position = 0;
    for (const event of events) {
      revision += 1;
      const { metadata, elided } = compactMetadata(event.id, event.metadata);
      const info = this.statements.insert.run(stream, revision, event.id, event.type, JSON.stringify(event.data), metadata, elided);
      position = Number(info.lastInsertRowid);
    }
    if (events.length > 0) this.statements.upsertStream.run(stream, revision);
    return { nextRevision: BigInt(revision), position: BigInt(position) };
  }

  async readStream(stream: string, options: { fromRevision?: bigint } = {}): Promise<RecordedEvent[]> {
    const current = this.statements.stream.get(stream);
    if (current?.deleted) throw new StreamDeleted(stream);
    // Every stream with events has a row: a new one (each create) needs no second query.
    if (!current) return [];
    return this.statements.readStream.all(stream, Number(options.fromRevision ?? 0n)).map(toRecorded);
  }

  /** Always from the file: verifying the chain, exporting and history read what is stored now. */
  async readAll(from: GlobalPosition, maxCount: number): Promise<ReadAllPage> {
    return page(from, this.statements.readAll.all(Number(from), maxCount).map(toRecorded));
  }

  /**
   * The subscribers of this process follow the log through the recent events: each new event is
   * read and parsed once for all of them. A page says when it reached the end of the file (a
   * read shorter than asked, nothing appended here since), so each subscriber then waits for the
   * next append instead of reading again only to find nothing; appends of another process are
   * found by the subscription's idle poll, as before.
   */
  subscribeToAll(options: SubscribeOptions): Subscription {
    const recentPages = {
      readAll: async (from: GlobalPosition, maxCount: number) => {
        const recent = this.recent.after(from, maxCount);
        if (recent) return { ...page(from, recent), end: this.recent.endsLog(recent) };
        // No commit of this process comes between the read and `remember`: groups commit on a later turn (GroupCommit).
        const read = await this.readAll(from, maxCount);
        const end = read.events.length < maxCount;
        this.recent.remember(from, read.events, end);
        return { ...read, end };
      },
    };
    return pollingSubscription(recentPages, options, (wake) => {
      this.appended.on('appended', wake);
      return () => this.appended.off('appended', wake);
    });
  }

  async headPosition(): Promise<GlobalPosition> {
    return BigInt(this.statements.head.get()?.position ?? 0);
  }

  async tombstoneStream(stream: string): Promise<void> {
    this.statements.tombstone.run(stream);
  }

  async close(): Promise<void> {
    this.group.leave(this.wakeSubscribers);
    this.appended.removeAllListeners();
  }
}

function page(from: GlobalPosition, events: RecordedEvent[]): ReadAllPage {
  return { events, nextPosition: events.length ? events[events.length - 1].position : from };
}

function matches(expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean {
  switch (expected) {
    case 'any': return true;
    case 'no_stream': return actual === 'no_stream';
    case 'stream_exists': return actual !== 'no_stream';
    default: return actual === expected;
  }
}

function compactMetadata(id: string, metadata: Record<string, unknown>): { metadata: string; elided: number } {
  const repeats: Record<keyof typeof ELIDED, unknown> = { eventId: id, correlationId: metadata.commandId, causationId: metadata.commandId };
  const kept: Record<string, unknown> = {};
  let elided = 0;
  for (const [field, value] of Object.entries(metadata)) {
    const bit = Object.hasOwn(ELIDED, field) ? ELIDED[field as keyof typeof ELIDED] : 0;
    if (bit && value !== undefined && value === repeats[field as keyof typeof ELIDED]) elided |= bit;
    else kept[field] = value;
  }
  return { metadata: JSON.stringify(kept), elided };
}

/**
 * The ids put back first, then the stored fields (a field already set keeps its place). Built
 * by assignment: spreading conditional literals made every event read cost about three times
 * its two JSON.parse calls (ADR 0008, 2026-12-02).
 */
function expandMetadata(row: EventRow): Record<string, unknown> {
  const stored = JSON.parse(row.metadata) as Record<string, unknown>;
  if (!row.elided) return stored;
  const { commandId } = stored;
  const expanded: Record<string, unknown> = {};
  if (row.elided & ELIDED.eventId) expanded.eventId = row.id;
  if (commandId !== undefined) expanded.commandId = commandId;
  if (row.elided & ELIDED.correlationId) expanded.correlationId = commandId;
  if (row.elided & ELIDED.causationId) expanded.causationId = commandId;
  // Object.assign sets a "__proto__" field as the prototype, where a spread copies it as data.
  return Object.hasOwn(stored, '__proto__') ? { ...expanded, ...stored } : Object.assign(expanded, stored);
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.id, type: row.type, streamName: row.stream,
    revision: BigInt(row.revision), position: BigInt(row.position),
    data: JSON.parse(row.data), metadata: expandMetadata(row),
  };
}
