import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fmt, report } from './report';
import type { ScaleComparison } from './scale-compare';
import type { ScaleResult } from './scale-run';

const MIB = 1024 * 1024;

/**
 * Lists, memory and bytes at two sizes of the embedded default, each size seeded straight into
 * the event store and folded by a rebuild (no HTTP), in a fresh process. Every list query is
 * printed as the large size's median against the small size's, with the goal ≤ 1.5×, both timed
 * in one more process that alternates the two seeded files run by run (scale-compare.ts).
 */
export async function benchScale(): Promise<void> {
  const small = Number(process.env.BENCH_SCALE_SMALL ?? 1_000);
  const large = Number(process.env.BENCH_SCALE_LARGE ?? 300_000);
  const members = [Number(process.env.BENCH_SCALE_MEMBERS_SMALL ?? 100), Number(process.env.BENCH_SCALE_MEMBERS ?? 10_000)];
  const sized: ScaleResult[] = [];
  try {
    for (const [companies, memberCount] of [[small, members[0]], [large, members[1]]]) sized.push(run(companies, memberCount));
    printSizes(sized[0], sized[1], members);
  } finally {
    for (const r of sized) rmSync(dirname(r.file), { recursive: true, force: true });
  }
}

function printSizes(a: ScaleResult, b: ScaleResult, members: number[]): void {
  const label = (r: ScaleResult) => `${r.companies.toLocaleString('en-US')} companies`;
  const { small, large } = compare(a, b);
  console.log(`Scale (SQLite embedded): ${label(a)} + a ${members[0]}-member company against ${label(b)} + a ${members[1].toLocaleString('en-US')}-member company, median of ${process.env.BENCH_SCALE_RUNS ?? 41} pages of 50, the two sizes alternated`);
  for (const name of Object.keys(large)) {
    report(name, large[name], 'ms', { name: label(a), value: small[name] }, { atMost: 1.5 });
  }
  console.log(`  rebuild of ${b.events.toLocaleString('en-US')} events into ${label(b)}: ${b.rebuild.seconds.toFixed(1)} s;`
    + ` slowest read model ${b.rebuild.slowest.name} ${fmt(b.rebuild.slowest.eventsPerSecond)} events/s`
    + `  [goal ≥ 50,000 events/s ${b.rebuild.slowest.eventsPerSecond >= 50_000 ? 'MET' : 'MISSED'}]`);
  report('heap after seeding, rebuilding and listing', b.memory.heapUsed / MIB, 'MiB', { name: label(a), value: a.memory.heapUsed / MIB }, { atMost: 1.2 });
  for (const r of [a, b]) {
    console.log(`  RSS at ${label(r)}: ${fmt(r.memory.rss / MIB)} MiB (anonymous ${fmt(r.memory.rssAnon / MIB)} MiB:`
      + ` heap, SQLite page cache up to 64 MiB; file-backed ${fmt(r.memory.rssFile / MIB)} MiB: the mapped database, up to 256 MiB)`);
  }
  for (const r of [a, b]) {
    const total = Object.values(r.bytes.groups).reduce((sum, n) => sum + n, 0);
    console.log(`  bytes at ${label(r)}: ${fmt(r.bytes.file / MIB)} MiB file, ${fmt(total / r.companies)} bytes a company:`);
    for (const [group, bytes] of Object.entries(r.bytes.groups).sort(([, x], [, y]) => y - x)) {
      if (bytes / r.companies >= 1) console.log(`    ${group}: ${fmt(bytes / r.companies)}`);
    }
    console.log(`    a day later, as many new idempotency records: file grew ${fmt(r.bytes.idempotencyChurnGrowth / MIB)} MiB`
      + ` (${fmt(r.bytes.idempotencyChurnGrowth / r.companies)} bytes a record; 0 when expired records' pages are reused)`);
  }
}

function run(companies: number, members: number): ScaleResult {
  return lastLine(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/scale-run.ts', String(companies), String(members)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * MIB })) as ScaleResult;
}

function compare(a: ScaleResult, b: ScaleResult): ScaleComparison {
  const size = ({ file, companies, members, largeCompany, member }: ScaleResult) => JSON.stringify({ file, companies, members, largeCompany, member });
  return lastLine(execFileSync(process.execPath, ['--import', 'tsx', 'bench/scale-compare.ts', size(a), size(b)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * MIB })) as ScaleComparison;
}

const lastLine = (out: string): unknown => JSON.parse(out.trim().split('\n').pop()!);
