import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { SqliteEventStore } from '@tenancy/event-store';
import { companiesProjection, companyListQuery, ProjectionRunner, type CompanyListParams } from '@tenancy/projections';
import { ListCursors, SqliteReadStore, type ListQuery } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { appendAll, companyEvents, companyName } from './scale-seed';

/**
 * A development probe of the company searches, not part of `npm run bench`:
 * `tsx bench/search-probe.ts seed <companies> <file>` seeds the companies through the event store
 * and rebuilds the company read model only (as the scale section does); `tsx bench/search-probe.ts
 * run <file> [runs] [filter]` times each search and prints its plan.
 */
async function main(): Promise<void> {
  const [command, a, b, c] = process.argv.slice(2);
  if (command === 'seed') return seed(Number(a), b);
  return run(a, Number(b ?? 21), c);
}

async function seed(companies: number, file: string): Promise<void> {
  if (existsSync(file)) throw new Error(`${file} exists`);
  const db = openDatabase(file);
  const events = new SqliteEventStore(db);
  await appendAll(events, (function* () { for (let i = 0; i < companies; i++) yield companyEvents(i, companies); })());
  const readStore = new SqliteReadStore(db, new ListCursors(randomBytes(32)));
  const runner = new ProjectionRunner(events, readStore, [companiesProjection as never], { batchSize: 5000 });
  const started = process.hrtime.bigint();
  await runner.rebuild(companiesProjection as never);
  console.log(`seeded ${companies} in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s rebuild`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

async function run(file: string, runs: number, only?: string): Promise<void> {
  const db = openDatabase(file);
  const readStore = new SqliteReadStore(db, new ListCursors(randomBytes(32)));
  const { name, indexes, search, searchSorts, pageFields } = companiesProjection;
  const ensureStarted = process.hrtime.bigint();
  await readStore.ensureCollection(name, indexes, { search, searchSorts, pageFields });
  console.log(`ensureCollection ${(Number(process.hrtime.bigint() - ensureStarted) / 1e6).toFixed(0)} ms`);
  const companies = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM rm_${name}`).get()!.n;
  const middle = Math.floor(companies / 2);
  const queries: [string, Omit<CompanyListParams, 'limit'>][] = [
    ['whole name', { q: companyName(middle).toUpperCase() }],
    ['muller prefix -lastActivityAt', { q: `müller ${String(Math.floor(companies / 2 / 400) * 400).slice(0, Math.max(1, String(Math.floor(companies / 2 / 400) * 400).length - 2))}`, sort: '-lastActivityAt' }],
    ['MULLER', { q: 'MULLER' }],
    ['MULLER -lastActivityAt', { q: 'MULLER', sort: '-lastActivityAt' }],
    ['MULLER createdAt', { q: 'MULLER', sort: 'createdAt' }],
    ['müller 77 -lastActivityAt', { q: 'müller 77', sort: '-lastActivityAt' }],
    ['ré', { q: 'ré' }],
    ['ré -lastActivityAt', { q: 'ré', sort: '-lastActivityAt' }],
    ['ré -name', { q: 'ré', sort: '-name' }],
    ['e', { q: 'e' }],
    ['e -createdAt', { q: 'e', sort: '-createdAt' }],
    ['q (1 in 20)', { q: 'q' }],
    ['qx (none)', { q: 'qx' }],
    ['x (1 in 20)', { q: 'x' }],
    ['qx -lastActivityAt (none)', { q: 'qx', sort: '-lastActivityAt' }],
    ['77 (number)', { q: '77' }],
    ['77 userCount', { q: '77', sort: 'userCount' }],
    ['zzzz', { q: 'zzzz' }],
    ['zzzz -createdAt', { q: 'zzzz', sort: '-createdAt' }],
  ];
  const segments = db.prepare<[], { n: number }>(`SELECT count(DISTINCT segid) AS n FROM rm_${name}_search_nameSearch_idx`).get()!.n;
  console.log(`${companies} companies, ${segments} FTS segments, median of ${runs}`);
  if (process.env.OPTIMIZE) {
    const started = process.hrtime.bigint();
    db.exec(`INSERT INTO rm_${name}_search_nameSearch (rm_${name}_search_nameSearch) VALUES ('optimize')`);
    console.log(`optimized in ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms`);
  }
  for (const [label, params] of queries) {
    if (only && !label.includes(only)) continue;
    const query: ListQuery = companyListQuery({ limit: 50, ...params });
    const page = await readStore.list(name, query);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) await readStore.list(name, query);
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      await readStore.list(name, query);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const next = page.nextCursor ? await timedMs(() => readStore.list(name, { ...query, after: page.nextCursor! }), runs) : null;
    const plan = await readStore.explainList(name, query);
    console.log(`${label.padEnd(28)} ${median(times).toFixed(3).padStart(8)} ms  next ${next === null ? '   -    ' : next.toFixed(3).padStart(8)} ms  ${page.items.length} items${plan.scansWholeCollection ? '  SCANS' : ''}`);
    if (process.env.PLAN) for (const step of plan.steps) console.log(`      ${step}`);
  }
  db.close();
}

async function timedMs(work: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
