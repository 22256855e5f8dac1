import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
/** Where problems are made: the HTTP app, the domain's refusals, the application's. */
const SOURCES = ['apps/tenancy-service/src', 'libs/domain/src', 'libs/application/src'];

/**
 * The codes the source can answer with, read from its text: a literal in a code namespace, or the
 * code argument of anything that makes a problem (`problem(400, 'x')`, `forbidden('x', …)`,
 * `rejectIfAny('x', …)`), so a code in a new namespace is found too. `${scope}.` templates are
 * read for both scopes.
 */
function producedCodes(): Set<string> {
  const codes = new Set<string>();
  const patterns = [
    /'((?:request|auth|company|member|invitation|team|route|command|webhook|tenant|user|pairing|console|bench)\.[a-z_]+)'/g,
    /\bproblem\(\s*(?:\d+|status)\s*,\s*'([a-z_.]+)'/g,
    /\b(?:invalid|conflict|forbidden|notFound|unauthorized|rejectIfAny)\(\s*'([a-z_]+\.[a-z_]+)'/g,
  ];
  for (const file of SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const [, code] of text.matchAll(pattern)) codes.add(code);
    for (const [, rest] of text.matchAll(/`\$\{scope\}\.([a-z_]+)`/g)) ['request', 'command'].forEach((scope) => codes.add(`${scope}.${rest}`));
  }
  return codes;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec|contract)\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('problem codes', () => {
  it('given every code the service can produce, then README names it (Kafka\'s command.* codes: docs/kafka.md)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const kafka = readFileSync(join(ROOT, 'docs/kafka.md'), 'utf8');
    const codes = [...producedCodes()].sort();
    // The scan finds codes at all: it would pass vacuously if the patterns broke.
    expect(codes).toEqual(expect.arrayContaining(['request.malformed', 'company.immutable_field', 'internal', 'command.json_too_deep', 'invitation.expired']));
    const undocumented = codes.filter((code) => !(code.startsWith('command.') ? kafka : readme).includes(`\`${code}\``));
    expect(undocumented).toEqual([]);
  });
});
