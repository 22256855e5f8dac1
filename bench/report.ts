/** A goal for a figure: a ratio to its baseline (at least or at most), or an absolute floor. */
export interface Goal { ratio?: number; absolute?: number; atMost?: number }

interface Row { name: string; value: string; baseline: string; ratio: string; goal: string; verdict: string }

/** Every figure with a goal, in the order reported; `printSummary` ends the run with them. */
const rows: Row[] = [];

/** Prints a figure beside its baseline from the same run, as a ratio, with the goal if any. */
export function report(name: string, value: number, unit: string, baseline: { name: string; value: number }, goal?: Goal) {
  const ratio = value / baseline.value;
  const checks = goal ? verdicts(goal, ratio, value, unit) : [];
  console.log(`  ${name}: ${fmt(value)} ${unit} = ${ratio.toFixed(2)}× ${baseline.name} (${fmt(baseline.value)} ${unit})${checks.length ? `  [${checks.map((c) => `${c.goal} ${c.verdict}`).join('; ')}]` : ''}`);
  for (const check of checks) {
    rows.push({ name, value: `${fmt(value)} ${unit}`, baseline: `${baseline.name} (${fmt(baseline.value)})`, ratio: `${ratio.toFixed(2)}×`, ...check });
  }
}

function verdicts(goal: Goal, ratio: number, value: number, unit: string): { goal: string; verdict: string }[] {
  const out: { goal: string; verdict: string }[] = [];
  const verdict = (met: boolean) => (met ? 'MET' : 'MISSED');
  if (goal.ratio !== undefined) out.push({ goal: `≥ ${goal.ratio.toFixed(2)}×`, verdict: verdict(ratio >= goal.ratio) });
  if (goal.atMost !== undefined) out.push({ goal: `≤ ${goal.atMost.toFixed(2)}×`, verdict: verdict(ratio <= goal.atMost) });
  if (goal.absolute !== undefined) out.push({ goal: `≥ ${fmt(goal.absolute)} ${unit}`, verdict: verdict(value >= goal.absolute) });
  return out;
}

/** One table of every figure that has a goal: figure, baseline, ratio, goal, MET/MISSED. */
export function printSummary(): void {
  if (rows.length === 0) return;
  const header: Row = { name: 'figure', value: 'value', baseline: 'baseline (same run)', ratio: 'ratio', goal: 'goal', verdict: 'verdict' };
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((key) => Math.max(...[header, ...rows].map((row) => row[key].length)));
  const line = (row: Row) => `| ${keys.map((key, i) => row[key].padEnd(widths[i])).join(' | ')} |`;
  console.log('Summary');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  const missed = rows.filter((row) => row.verdict === 'MISSED').length;
  console.log(`${rows.length - missed} of ${rows.length} goals met`);
}

export const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
