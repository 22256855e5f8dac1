// Runs dependency-cruiser's `cruise` API with the repo's .dependency-cruiser.cjs and prints the
// violations as JSON on stdout. dependency-cruiser is ESM-only and jest runs the specs as
// CommonJS, so boundaries.spec.ts starts this file in its own node process.
//
//   node cruise.mjs <baseDir> [tsconfig relative to baseDir, default tsconfig.json]
//
// It cruises `apps` and `libs` under baseDir, as `npm run lint:boundaries` does at the root.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const baseDir = resolve(process.argv[2] ?? repoRoot);
const tsConfigFile = join(baseDir, process.argv[3] ?? 'tsconfig.json');

const options = await extractDepcruiseOptions(join(repoRoot, '.dependency-cruiser.cjs'));
options.baseDir = baseDir;
options.tsConfig = { fileName: tsConfigFile };
options.outputType = 'json';

const roots = ['apps', 'libs'].filter((dir) => existsSync(join(baseDir, dir)));
const { output } = await cruise(
  roots,
  options,
  { tsConfig: tsConfigFile },
  { tsConfig: extractTSConfig(tsConfigFile) },
);
const { summary, modules } = JSON.parse(output);

process.stdout.write(JSON.stringify({
  totalCruised: summary.totalCruised,
  /** The repo's own files that were cruised (packages and Node built-ins left out). */
  cruised: modules
    .map((module) => module.source)
    .filter((source) => /^(apps|libs)\//.test(source)),
  rules: options.ruleSet.forbidden.map((rule) => rule.name),
  violations: summary.violations.map((v) => ({
    rule: v.rule.name,
    severity: v.rule.severity,
    from: v.from,
    to: v.to,
    ...(v.cycle ? { cycle: v.cycle.map((step) => step.name) } : {}),
  })),
}));
