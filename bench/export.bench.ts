import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportResult, ExportSeed } from './export-run';
import { fmt, report } from './report';

const MIB = 1024 * 1024;

/**
 * The audit export of one company's long history at two lengths, each exported in a fresh process
 * (bench/export-run.ts): throughput, and peak RSS at the large length against the small one, goal
 * ≤ 1.2× (memory flat however long the history).
 */
export async function benchExport(): Promise<void> {
  const large = Number(process.env.BENCH_EXPORT_EVENTS ?? 200_000);
  const small = Number(process.env.BENCH_EXPORT_EVENTS_SMALL ?? Math.max(50_000, Math.floor(large / 4)));
  const [a, b] = [run(small), run(large)];
  const label = (n: number) => `${n.toLocaleString('en-US')} events`;
  console.log(`Export (SQLite embedded, one company, GET /v1/audit/export's code path): ${label(small)} against ${label(large)}`);
  for (const [n, r] of [[small, a], [large, b]] as const) {
    console.log(`  ${label(n)}: seeded in ${r.seed.seedSeconds.toFixed(1)} s, audit read model in ${r.seed.projectSeconds.toFixed(1)} s;`
      + ` exported in ${r.export.seconds.toFixed(1)} s = ${fmt(r.export.events / r.export.seconds)} events/s, ${fmt(r.export.bytes / MIB)} MiB of NDJSON;`
      + ` peak RSS ${fmt(r.export.peakRss / MIB)} MiB (anonymous up to ${fmt(r.export.peakRssAnon / MIB)} MiB, heap up to ${fmt(r.export.peakHeap / MIB)} MiB,`
      + ` ${fmt(r.export.peakHeapAfterGc / MIB)} MiB after a full GC)`);
  }
  report(`peak RSS exporting ${label(large)}`, b.export.peakRss / MIB, 'MiB', { name: label(small), value: a.export.peakRss / MIB }, { atMost: 1.2 });
  report(`heap kept (after a full GC) exporting ${label(large)}`, b.export.peakHeapAfterGc / MIB, 'MiB', { name: label(small), value: a.export.peakHeapAfterGc / MIB }, { atMost: 1.2 });
}

function run(events: number): { seed: ExportSeed; export: ExportResult } {
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-export-'));
  try {
    const db = join(dir, 'export.sqlite');
    const seed = JSON.parse(step(['seed', db, String(events)])) as ExportSeed;
    return { seed, export: JSON.parse(step(['export', db, seed.companyId, join(dir, 'export.ndjson')])) as ExportResult };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const step = (args: string[]) => execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/export-run.ts', ...args],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
