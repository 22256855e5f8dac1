import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@tenancy/event-store';
import {
  ALL_PROJECTIONS, companiesProjection, companyListQuery, invitationsProjection, memberListQuery, membersProjection,
  invitationListQuery, membershipsQuery, ProjectionRunner, type CompanyListParams,
} from '@tenancy/projections';
import { encodeCursor, SqliteIdempotencyStore, SqliteReadStore, type ListQuery } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { appendAll, companyEvents, companyName, largeCompanyEvents, largeMemberJoinedAt } from './scale-seed';

/**
 * One size of the scale section, in a process of its own so its heap and RSS are its own:
 * `tsx bench/scale-run.ts <companies> <members of the large company>` prints one JSON line.
 */
export interface ScaleResult {
  companies: number;
  events: number;
  rebuild: { seconds: number; slowest: { name: string; eventsPerSecond: number } };
  /** Median milliseconds per page, by query name. */
  queries: Record<string, number>;
  memory: { heapUsed: number; rss: number; rssAnon: number; rssFile: number };
  bytes: { file: number; groups: Record<string, number>; idempotencyChurnGrowth: number };
}

const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 41);
const KEPT_FOR_MS = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const companies = Number(process.argv[2]);
  const members = Number(process.argv[3]);
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-scale-'));
  const file = join(dir, 'scale.sqlite');
  const db = openDatabase(file);
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

    const readStore = new SqliteReadStore(db);
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
    for (const [name, collection, query] of listQueries(companies, members, largeCompany, member)) {
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
      companies, events: seeded,
      rebuild: { seconds: rebuildSeconds, slowest },
      queries,
      memory: { heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss, rssAnon: kib('RssAnon'), rssFile: kib('RssFile') },
      bytes,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The documented list queries, named as the scale report prints them. */
function listQueries(companies: number, members: number, largeCompany: string, member: string): [string, string, ListQuery][] {
  const company = (params: Omit<CompanyListParams, 'limit'>): [string, ListQuery] =>
    [companiesProjection.name, companyListQuery({ limit: 50, ...params })];
  const middle = Math.floor(companies / 2);
  const rows: [string, [string, ListQuery]][] = [
    ['companies: default (name)', company({})],
    ['companies: default, a page from the middle', company({ cursor: encodeCursor({ value: companyName(middle), id: '' }) })],
    ...(['-name', 'environment', '-environment', 'userCount', '-userCount', 'active', '-active', 'createdAt', '-createdAt',
      'lastActivityAt', '-lastActivityAt'] as const)
      .map((sort): [string, [string, ListQuery]] => [`companies: sort=${sort}`, company({ sort })]),
    ['companies: environment=production', company({ environment: 'production' })],
    ['companies: environment=development, sort=-createdAt', company({ environment: 'development', sort: '-createdAt' })],
    ['companies: active=true', company({ active: true })],
    ['companies: active=false, environment=staging', company({ active: false, environment: 'staging' })],
    ['companies: clean-up view (active=false, sort=lastActivityAt)', company({ active: false, sort: 'lastActivityAt' })],
    ['companies: q=<one whole name>', company({ q: companyName(middle).toUpperCase() })],
    ['companies: q=<a word in 1 of 20 names> (walks the sort order)', company({ q: 'MULLER' })],
    ['companies: q=<a word> 77, sort=-lastActivityAt', company({ q: 'müller 77', sort: '-lastActivityAt' })],
    // That one finds no company at 1,000 and 56 at 300,000, so it compares an empty page with a full
    // one; this one finds about 20 at either size: the word and the leading digits of a number with it.
    ['companies: q=<a word> <number prefix> (about 20 matches), sort=-lastActivityAt', company({ q: `müller ${mullerPrefix(companies)}`, sort: '-lastActivityAt' })],
    ['companies: q=<2 characters>', company({ q: 'ré' })],
    ['companies: q=<no match>', company({ q: 'zzzz' })],
    ['members of the large company', [membersProjection.name, memberListQuery(largeCompany, { limit: 50 })]],
    ['members of the large company, a page from the middle', [membersProjection.name, memberListQuery(largeCompany,
      { limit: 50, cursor: encodeCursor({ value: largeMemberJoinedAt(Math.floor(members / 2)), id: '' }) })]],
    ['pending invitations of the large company', [invitationsProjection.name, invitationListQuery(largeCompany, ['sent'], new Date().toISOString(), { limit: 50 })]],
    ["a member's companies (/v1/me/companies)", [membersProjection.name, membershipsQuery(member, 100)]],
  ];
  return rows.map(([name, [collection, query]]) => [name, collection, query]);
}

/**
 * The leading digits that, after "müller ", match about 20 names at any size: those of a "Müller"
 * company (every 400th and the 19 after it) in the middle, less its last two digits.
 */
function mullerPrefix(companies: number): string {
  const number = String(Math.floor(companies / 2 / 400) * 400);
  return number.slice(0, Math.max(1, number.length - 2));
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

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
