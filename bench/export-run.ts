import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { exportEntries } from '@tenancy/application';
import { upcastEvent } from '@tenancy/domain';
import { SqliteEventStore, UpcastingEventStore, type NewEvent } from '@tenancy/event-store';
import { auditEventsProjection, ProjectionRunner, readModel } from '@tenancy/projections';
import { ListCursors, SqliteReadStore } from '@tenancy/read-store';
import { BULK_READS, openDatabase } from '@tenancy/sqlite';
import { auditEntry } from '../apps/tenancy-service/src/audit/audit-entry';

/**
 * One size of the export section, each step in a process of its own so the export's peak RSS is
 * its own, not the seed's: `tsx bench/export-run.ts seed <db> <events>` writes one company's history
 * and its audit read model; `tsx bench/export-run.ts export <db> <out>` exports it as
 * GET /v1/audit/export does. Each prints one JSON line.
 */
export interface ExportSeed { companyId: string; events: number; seedSeconds: number; projectSeconds: number }
export interface ExportResult {
  events: number; seconds: number; bytes: number;
  /**
   * The kernel's high-water mark of resident memory (VmHWM: heap and SQLite's page cache, 8 MiB on
   * the bulk reads' connection, which maps none of the file), the largest anonymous part seen a
   * page at a time, the largest heap, and the largest heap left after a full GC (what is kept).
   */
  peakRss: number; peakRssAnon: number; peakHeap: number; peakHeapAfterGc: number;
}

const TEAM = 50;
const CHUNK = 1_000;

/** A long-lived company: created, a team of 50 linked, then sign-ins and renames for the rest of its life. */
function* history(companyId: string, count: number): Generator<NewEvent> {
  const start = Date.UTC(2026, 0, 1);
  const members: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 1000).toISOString();
    const event = (type: string, data: Record<string, unknown>, schemaVersion = 1): NewEvent => {
      const id = randomUUID();
      return { id, type, data: { companyId, ...data }, metadata: { eventId: id, commandId: id, correlationId: id, causationId: id, actor: { userId: 'staff-1', staff: true }, occurredAt: at, schemaVersion } };
    };
    if (i === 0) yield event('CompanyCreated', { name: 'Long Lived', environment: 'production', baseUrl: null, timezone: 'Europe/Berlin', defaultLanguage: 'de', contactEmail: null });
    else if (i === 1) yield event('ApiTokenIssued', { tokenHash: 'h', tokenPrefix: 'tnc_bench' });
    else if (i === 2) yield event('CompanyActivated', {});
    else if (members.length < TEAM) {
      const userId = `user-${members.length}`;
      members.push(userId);
      yield event('UserLinked', { userId, email: null, role: members.length === 1 ? 'owner' : 'employee', linkedBy: 'staff-1', linkedAt: at, reservationId: `r-${userId}` }, 2);
    } else if (i % 2) yield event('MemberSignedIn', { userId: members[i % TEAM], at });
    else yield event('CompanyDetailsChanged', { changes: { name: `Long Lived ${i}` } });
  }
}

async function seed(file: string, count: number): Promise<ExportSeed> {
  const db = openDatabase(file);
  try {
    const events = new SqliteEventStore(db);
    const companyId = randomUUID();
    const started = process.hrtime.bigint();
    let chunk: NewEvent[] = [];
    let revision = -1n;
    for (const event of history(companyId, count)) {
      chunk.push(event);
      if (chunk.length === CHUNK) {
        revision = (await events.appendToStream(`company-${companyId}`, chunk, revision < 0n ? 'no_stream' : revision)).nextRevision;
        chunk = [];
      }
    }
    if (chunk.length) await events.appendToStream(`company-${companyId}`, chunk, revision < 0n ? 'no_stream' : revision);
    const seedSeconds = seconds(started);
    const projected = process.hrtime.bigint();
    await new ProjectionRunner(events, new SqliteReadStore(db, new ListCursors(randomBytes(32))), [auditEventsProjection], { batchSize: 5000 }).rebuild(auditEventsProjection);
    return { companyId, events: count, seedSeconds, projectSeconds: seconds(projected) };
  } finally {
    db.close();
  }
}

async function exportAll(file: string, companyId: string, outFile: string): Promise<ExportResult> {
  // The connection the service's exports read through (Stores.bulkReads).
  const db = openDatabase(file, BULK_READS);
  const out = createWriteStream(outFile);
  try {
    // As the service reads: every event through the upcaster (the bench's events hold no personal data to open).
    const events = new UpcastingEventStore(new SqliteEventStore(db), upcastEvent);
    const auditEvents = readModel(new SqliteReadStore(db, new ListCursors(randomBytes(32))), auditEventsProjection);
    const started = process.hrtime.bigint();
    let count = 0;
    let peakRssAnon = 0;
    let peakHeap = 0;
    let peakHeapAfterGc = 0;
    let pages = 0;
    for await (const entries of exportEntries(events, auditEvents, { companyId })) {
      if (!out.write(entries.map((entry) => `${JSON.stringify(auditEntry(entry))}\n`).join(''))) await once(out, 'drain');
      count += entries.length;
      peakRssAnon = Math.max(peakRssAnon, status('RssAnon'));
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      // Every 100th page (50,000 events), what survives a full collection: flat if nothing accumulates.
      if (++pages % 100 === 0 && gc) {
        gc();
        peakHeapAfterGc = Math.max(peakHeapAfterGc, process.memoryUsage().heapUsed);
      }
    }
    out.end();
    await once(out, 'finish');
    return { events: count, seconds: seconds(started), bytes: statSync(outFile).size, peakRss: status('VmHWM'), peakRssAnon, peakHeap, peakHeapAfterGc };
  } finally {
    db.close();
  }
}

const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

const [mode, file, arg, out] = process.argv.slice(2);
(mode === 'seed' ? seed(file, Number(arg)) : exportAll(file, arg, out))
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error) => { console.error(error); process.exit(1); });
