/** Prints a figure beside its baseline from the same run, as a ratio, with the goal if any. */
export function report(
  name: string, value: number, unit: string, baseline: { name: string; value: number },
  goal?: { ratio?: number; absolute?: number; atMost?: number },
) {
  const ratio = value / baseline.value;
  const checks: string[] = [];
  if (goal?.ratio !== undefined) checks.push(`goal ≥ ${goal.ratio.toFixed(2)}× ${ratio >= goal.ratio ? 'MET' : 'MISSED'}`);
  if (goal?.atMost !== undefined) checks.push(`goal ≤ ${goal.atMost.toFixed(2)}× ${ratio <= goal.atMost ? 'MET' : 'MISSED'}`);
  if (goal?.absolute !== undefined) checks.push(`goal ≥ ${goal.absolute} ${unit} ${value >= goal.absolute ? 'MET' : 'MISSED'}`);
  console.log(`  ${name}: ${fmt(value)} ${unit} = ${ratio.toFixed(2)}× ${baseline.name} (${fmt(baseline.value)} ${unit})${checks.length ? `  [${checks.join('; ')}]` : ''}`);
}

export const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
