import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@tenancy/event-store';
import { ALL_PROJECTIONS, ProjectionRunner } from '@tenancy/projections';
import { ListCursors, SqliteIdempotencyStore, SqliteReadStore } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { listQueries, median, timed, type ScaleFile } from './scale-queries';
import { appendAll, companyEvents, companyName, largeCompanyEvents } from './scale-seed';

/**
 * One size of the scale section, in a process of its own so its heap and RSS are its own:
 * `tsx bench/scale-run.ts <companies> <members of the large company>` prints one JSON line. The
 * seeded file is left for the comparison of the two sizes (scale-compare.ts); the caller removes
 * its folder (`file`'s).
 */
export interface ScaleResult extends ScaleFile {
  companies: number;
  events: number;
  rebuild: { seconds: number; slowest: { name: string; eventsPerSecond: number } };
  /** Median milliseconds per page, by query name, measured in this process (the heap below is after them). */
  queries: Record<string, number>;
  memory: { heapUsed: number; rss: number; rssAnon: number; rssFile: number };
  bytes: { file: number; groups: Record<string, number>; idempotencyChurnGrowth: number };
}

const KEPT_FOR_MS = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const companies = Number(process.argv[2]);
  const members = Number(process.argv[3]);
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-scale-'));
  const file = join(dir, 'scale.sqlite');
  const db = openDatabase(file);
  let kept = false;
  try {
    const events = new SqliteEventStore(db);
    // Only the ids stay referenced: the heap measured at the end is the stores', not the seed's.
    const { companyId: largeCompany, userIds: [member] } = largeCompanyEvents(0, 0);
    const seeded = (await appendAll(events, (function* () {
      for (let i = 0; i < companies; i++) yield companyEvents(i, companies);
      // A tenth as many invitations as members, and always more than a page, so both sizes list full pages.
      yield largeCompanyEvents(members, Math.max(60, Math.floor(members / 10)), largeCompany, member);
    })()));
    const idempotency = new SqliteIdempotencyStore(db);
    await recordOutcomes(idempotency, companies, new Date(Date.UTC(2026, 0, 1)));

    const readStore = new SqliteReadStore(db, new ListCursors(randomBytes(32)));
    const runner = new ProjectionRunner(events, readStore, ALL_PROJECTIONS, { batchSize: 5000 });
    const rebuildStarted = process.hrtime.bigint();
    let slowest = { name: '', eventsPerSecond: Infinity };
    for (const projection of ALL_PROJECTIONS) {
      const started = process.hrtime.bigint();
      await runner.rebuild(projection);
      const rate = seeded / seconds(started);
      if (rate < slowest.eventsPerSecond) slowest = { name: projection.name, eventsPerSecond: rate };
    }
    const rebuildSeconds = seconds(rebuildStarted);

    const queries: Record<string, number> = {};
    for (const [name, collection, query] of listQueries({ companies, members, largeCompany, member })) {
      queries[name] = median(await timed(() => readStore.list(collection, query)));
    }

    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = { file: statSync(file).size, groups: bytesByGroup(db), idempotencyChurnGrowth: 0 };
    // A day later every outcome has expired: the next day's saves sweep them and reuse their pages.
    const before = statSync(file).size;
    await recordOutcomes(idempotency, companies, new Date(Date.UTC(2026, 0, 3)));
    db.pragma('wal_checkpoint(TRUNCATE)');
    bytes.idempotencyChurnGrowth = statSync(file).size - before;

    (globalThis as { gc?: () => void }).gc?.();
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
    const result: ScaleResult = {
      file, members, largeCompany, member,
      companies, events: seeded,
      rebuild: { seconds: rebuildSeconds, slowest },
      queries,
      memory: { heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss, rssAnon: kib('RssAnon'), rssFile: kib('RssFile') },
      bytes,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    kept = true;
  } finally {
    db.close();
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One outcome per company, as a create with an Idempotency-Key leaves it: the response (the
 * company and its one-time token) sealed with AES-256-GCM, kept for a day.
 */
async function recordOutcomes(store: SqliteIdempotencyStore, companies: number, now: Date): Promise<void> {
  const key = randomBytes(32);
  for (let i = 0; i < companies; i++) {
    const body = JSON.stringify({
      id: '018d0f3c-8f00-7000-8000-000000000000', name: companyName(i), environment: 'production', baseUrl: `https://c${i}.example`,
      timezone: 'Europe/Berlin', defaultLanguage: 'de-DE', contactEmail: `ops@c${i}.example`, active: false,
      apiTokenPrefix: 'tnc_ab12', userCount: 0, ownerUserId: null, createdAt: now.toISOString(), lastActivityAt: now.toISOString(),
      revision: 1, apiToken: `tnc_${randomBytes(24).toString('base64url')}`,
    });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([iv, cipher.update(body), cipher.final(), cipher.getAuthTag()]).toString('base64url');
    await store.save(`http:staff-1:${randomBytes(16).toString('hex')}`, {
      requestHash: randomBytes(32).toString('base64url'), status: 201, headers: { etag: '"1"', location: `/v1/companies/${i}` },
      sealedBody: sealed,
    }, { now, expiresAt: new Date(now.getTime() + KEPT_FOR_MS) });
  }
}

/** Bytes on disk by what they hold, from SQLite's dbstat table. */
function bytesByGroup(db: ReturnType<typeof openDatabase>): Record<string, number> {
  const rows = db.prepare<[], { name: string; bytes: number }>(
    "SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE aggregate = FALSE GROUP BY name").all();
  const groups: Record<string, number> = {};
  for (const { name, bytes } of rows) {
    const owner = db.prepare<[string], { tbl_name: string }>('SELECT tbl_name FROM sqlite_master WHERE name = ?').get(name)?.tbl_name ?? name;
    const group = owner.startsWith('es_') ? 'events'
      : owner.startsWith('idempotency') ? 'idempotency records'
        : /^rm_(.*?)(_search_.*)?$/.exec(owner)?.[1] ?? owner;
    const kind = name.includes('_search_') ? 'search' : name === owner ? 'rows' : 'indexes';
    groups[`${group} ${kind}`] = (groups[`${group} ${kind}`] ?? 0) + bytes;
  }
  return groups;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
