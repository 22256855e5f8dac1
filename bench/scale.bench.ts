import { execFileSync } from 'node:child_process';
import { fmt, report } from './report';
import type { ScaleResult } from './scale-run';

const MIB = 1024 * 1024;

/**
 * Lists, memory and bytes at two sizes of the embedded default, each size seeded straight into
 * the event store and folded by a rebuild (no HTTP), in a fresh process. Every list query is
 * printed as the large size's median against the small size's, with the goal ≤ 1.5×.
 */
export async function benchScale(): Promise<void> {
  const small = Number(process.env.BENCH_SCALE_SMALL ?? 1_000);
  const large = Number(process.env.BENCH_SCALE_LARGE ?? 300_000);
  const members = [Number(process.env.BENCH_SCALE_MEMBERS_SMALL ?? 100), Number(process.env.BENCH_SCALE_MEMBERS ?? 10_000)];
  const [a, b] = [run(small, members[0]), run(large, members[1])];
  const label = (r: ScaleResult) => `${r.companies.toLocaleString('en-US')} companies`;
  console.log(`Scale (SQLite embedded): ${label(a)} + a ${members[0]}-member company against ${label(b)} + a ${members[1].toLocaleString('en-US')}-member company, median of ${process.env.BENCH_SCALE_RUNS ?? 41} pages of 50`);
  for (const name of Object.keys(b.queries)) {
    report(name, b.queries[name], 'ms', { name: label(a), value: a.queries[name] }, { atMost: 1.5 });
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
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/scale-run.ts', String(companies), String(members)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * MIB });
  return JSON.parse(out.trim().split('\n').pop()!) as ScaleResult;
}
