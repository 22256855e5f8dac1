/*
 * Architecture boundaries (STYLE.md point 10), checked with dependency-cruiser and the rules
 * in .dependency-cruiser.cjs. The second block proves each rule can fail: an architecture test
 * whose rule never fires looks green for ever.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

interface Violation {
  rule: string;
  from: string;
  to: string;
  cycle?: string[];
}
interface CruiseReport {
  totalCruised: number;
  cruised: string[];
  rules: string[];
  violations: Violation[];
}

const repoRoot = resolve(__dirname, '../../../..');
const fixtureRoot = join(__dirname, 'fixtures/violating-tree');

/** dependency-cruiser is ESM-only; cruise.mjs calls its `cruise` API in a node process of its own. */
async function cruise(baseDir: string): Promise<CruiseReport> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'cruise.mjs'), baseDir], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as CruiseReport;
}

const describeViolation = ({ rule, from, to, cycle }: Violation): string =>
  `${rule}: ${from} -> ${cycle ? cycle.join(' -> ') : to}`;

/** Packages resolve to node_modules above the fixture; keep the part from node_modules/ on. */
const shortTo = (to: string): string => to.replace(/^(\.\.\/)+(?=node_modules\/)/, '');

/** A cruise takes a second or two on a quiet machine, and past 20 s on a loaded 2-core one. */
const CRUISE_TIMEOUT_MS = 90_000;

let realTree: Promise<CruiseReport>;
let fixture: Promise<CruiseReport>;

beforeAll(() => {
  // Both cruises run at once; each takes a second or two.
  realTree = cruise(repoRoot);
  fixture = cruise(fixtureRoot);
  // Handled in the tests; avoid an unhandled rejection if one of them fails first.
  realTree.catch(() => undefined);
  fixture.catch(() => undefined);
});

describe('architecture boundaries of apps/ and libs/', () => {
  it('has no violations', async () => {
    const report = await realTree;

    expect(report.violations.map(describeViolation)).toEqual([]);
  }, CRUISE_TIMEOUT_MS);

  it('cruises every app and library, resolving the @tenancy/* aliases, but not the fixture', async () => {
    const { cruised } = await realTree;

    const appEntries = readdirSync(join(repoRoot, 'apps'))
      .map((app) => `apps/${app}/src/main.ts`)
      .filter((entry) => existsSync(join(repoRoot, entry)));

    expect(appEntries).toContain('apps/tenancy-service/src/main.ts');
    expect(cruised).toEqual(expect.arrayContaining([
      ...appEntries,
      'libs/domain/src/index.ts',
      'libs/projections/src/index.ts',
      'libs/event-store/src/index.ts',
      'libs/read-store/src/index.ts',
    ]));
    expect(cruised.filter((source) => source.includes('/architecture/fixtures/'))).toEqual([]);
  }, CRUISE_TIMEOUT_MS);
});

describe('the rules fail on a tree that breaks them', () => {
  const domain = 'libs/domain/src/leaky.decide.ts';
  const projection = 'libs/projections/src/leaky.projection.ts';
  const appConfig = 'apps/tenancy-service/src/app-config.ts';
  const kafkaAnswer = 'apps/tenancy-service/src/kafka/answers-with-http.ts';
  const httpProblem = 'apps/tenancy-service/src/http/http-problem.ts';

  it('reports every deliberate violation, and nothing else', async () => {
    const report = await fixture;
    const found = report.violations.map((v) => `${v.rule}: ${v.from} -> ${shortTo(v.to)}`).sort();

    expect(found).toEqual([
      `apps-not-to-other-apps: apps/tenancy-projector/src/borrowed-config.ts -> ${appConfig}`,
      `command-path-not-to-http: ${kafkaAnswer} -> ${httpProblem}`,
      `domain-not-to-adapters: ${domain} -> node_modules/mongodb/lib/index.js`,
      `domain-not-to-nest: ${domain} -> node_modules/@nestjs/common/index.js`,
      `domain-not-to-node-io: ${domain} -> crypto`,
      `domain-not-to-node-io: ${domain} -> fs`, // imported as node:fs
      `domain-not-to-other-libs-or-apps: ${domain} -> ${appConfig}`,
      `domain-not-to-other-libs-or-apps: ${domain} -> libs/projections/src/index.ts`, // via @tenancy/projections
      `http-problem-only-in-http: ${kafkaAnswer} -> ${httpProblem}`,
      `libs-not-to-apps: ${domain} -> ${appConfig}`,
      `libs-not-to-apps: libs/read-store/src/uses-app.ts -> ${appConfig}`,
      'no-circular: libs/read-store/src/cycle-a.ts -> libs/read-store/src/cycle-b.ts',
      'not-to-unresolvable: libs/read-store/src/unresolved.ts -> ./does-not-exist',
      `projections-not-to-adapters: ${projection} -> node_modules/better-sqlite3/lib/index.js`,
      `projections-not-to-nest: ${projection} -> node_modules/@nestjs/common/index.js`,
    ]);
  }, CRUISE_TIMEOUT_MS);

  it('has a violation for every rule in .dependency-cruiser.cjs', async () => {
    const report = await fixture;
    const fired = new Set(report.violations.map((v) => v.rule));

    // A rule added to the config without a violation in the fixture fails here.
    expect(report.rules.filter((rule) => !fired.has(rule))).toEqual([]);
    expect(report.rules.length).toBeGreaterThanOrEqual(12);
  }, CRUISE_TIMEOUT_MS);
});
