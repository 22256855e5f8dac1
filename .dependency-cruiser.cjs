// Architecture boundaries (STYLE.md point 10), checked by `npm run lint:boundaries` and by
// libs/testing/src/architecture/boundaries.spec.ts, which also proves every rule can fail
// on the deliberately violating tree in libs/testing/src/architecture/fixtures/.
//
// Paths are matched relative to the cruise's baseDir (the repo root here). Packages are matched
// by their resolved path (`node_modules/<name>/...`, or `@types/<name>` for type-only imports)
// wherever that node_modules folder is, so the same rules hold when the fixture tree is the baseDir.

/** Adapters: the drivers that do I/O against real servers or files. */
const ADAPTER_PACKAGES = '(^|/)node_modules/(@types/)?(better-sqlite3|mongodb|kafkajs|@eventstore/db-client)/';
const NEST = '(^|/)node_modules/@nestjs/';
/** Node built-ins that do I/O or draw randomness (randomness and time come in through ports). */
const NODE_IO = '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|dns/promises|tls|child_process|cluster|worker_threads|crypto|os|readline|repl|inspector|v8|vm|sqlite)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-not-to-nest',
      comment: 'libs/domain holds pure deciders: no Nest decorators, modules or exceptions.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: NEST },
    },
    {
      name: 'domain-not-to-other-libs-or-apps',
      comment: 'libs/domain depends on nothing else in this repo: other libs and the apps depend on it.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^(libs/(?!domain/)|apps/)' },
    },
    {
      name: 'domain-not-to-node-io',
      comment: 'libs/domain does no I/O and draws no randomness: files, network, processes, crypto come in as ports.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'domain-not-to-adapters',
      comment: 'libs/domain knows no database, broker or event-store driver.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: ADAPTER_PACKAGES },
    },
    {
      name: 'libs-not-to-apps',
      comment: 'Libraries are shared by both apps; an app is never a library\'s dependency.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-not-to-other-apps',
      comment: 'Each app is deployed on its own; what two apps share lives in a library (libs/platform).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'http-problem-only-in-http',
      comment: 'HTTP status codes belong to the HTTP edge: everywhere else errors are the domain\'s, the command path\'s or the stores\' own, mapped to problem details where they leave (problems/to-problem.ts).',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/', pathNot: '^apps/[^/]+/src/http/' },
      to: { path: '^apps/[^/]+/src/http/http-problem\\.ts$' },
    },
    {
      name: 'command-path-not-to-http',
      comment: 'The command path, Kafka, problems, idempotency and validation serve both transports, so none of them may lean on the HTTP one.',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/(commands|kafka|problems|idempotency|validation|security|infrastructure)/' },
      to: { path: '^apps/[^/]+/src/http/' },
    },
    {
      name: 'projections-not-to-adapters',
      comment: 'Projections are plain objects over ports; the read store adapter is chosen by the app.',
      severity: 'error',
      from: { path: '^libs/projections/' },
      to: { path: ADAPTER_PACKAGES },
    },
    {
      name: 'projections-not-to-nest',
      comment: 'Projections are plain objects; a Nest module in an app connects them to a subscription.',
      severity: 'error',
      from: { path: '^libs/projections/' },
      to: { path: NEST },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and blur which module owns what.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves; otherwise a broken path alias would silently pass the rules above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Not node_modules: excluding it would drop the very imports the rules look for.
    // The fixtures violate every rule on purpose; the spec cruises them on their own.
    exclude: { path: '^dist/|^libs/testing/src/architecture/fixtures/' },
    // Count type-only imports too: a domain file must not even import a type from Nest.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
