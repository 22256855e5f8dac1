import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
/** Where problems are made: the HTTP app, the domain's refusals, the application's. */
const SOURCES = ['apps/tenancy-service/src', 'libs/domain/src', 'libs/application/src'];

/** A problem code: lower-case words joined by dots, as many as it has (`company.delete.name_mismatch`). */
const CODE = String.raw`[a-z][a-z_]*(?:\.[a-z][a-z_]*)+`;
const NAMESPACES = 'request|auth|company|member|invitation|team|route|command|webhook|tenant|user|pairing|console|bench';

/**
 * The codes the source can answer with, read from its text: a literal in a code namespace, or the
 * code argument of anything that makes a problem (`problem(400, 'x')`, `forbidden('x', …)`,
 * `rejectIfAny('x', …)`), so a code in a new namespace is found too. `${scope}.` templates are
 * read for both scopes.
 */
function producedCodes(): Set<string> {
  const codes = new Set<string>(['internal']);
  const patterns = [
    new RegExp(String.raw`'((?:${NAMESPACES})\.[a-z_.]*[a-z_])'`, 'g'),
    new RegExp(String.raw`\bproblem\(\s*(?:\d+|status)\s*,\s*'(${CODE})'`, 'g'),
    new RegExp(String.raw`\b(?:invalid|conflict|forbidden|notFound|unauthorized|rejectIfAny)\(\s*'(${CODE})'`, 'g'),
  ];
  for (const file of SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const [, code] of text.matchAll(pattern)) codes.add(code);
    for (const [, rest] of text.matchAll(/`\$\{scope\}\.([a-z_.]+)`/g)) ['request', 'command'].forEach((scope) => codes.add(`${scope}.${rest}`));
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

/** The text under a heading, up to the next heading of the same level or above. */
function section(file: string, heading: string): string {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`${file} has no "${heading}"`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && line.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Every code a list names, in backticks (`internal`, the one code without a dot, included). */
const listedCodes = (text: string): Set<string> =>
  new Set([...text.matchAll(new RegExp(String.raw`\x60(${CODE}|internal)\x60`, 'g'))].map(([, code]) => code));

describe('problem codes', () => {
  const produced = [...producedCodes()].sort();
  const readme = listedCodes(section('README.md', '### Problem codes'));
  // Kafka's own refusals are the table of its Results section.
  const kafka = listedCodes(section('docs/kafka.md', '## Results'));

  it('given the source, then the scan finds codes of every shape (it would pass vacuously if the patterns broke)', () => {
    expect(produced).toEqual(expect.arrayContaining([
      'request.malformed', 'company.immutable_field', 'internal', 'command.json_too_deep', 'invitation.expired',
      'company.delete.name_mismatch', 'auth.invalid_subject',
    ]));
  });

  it('given every code the service can produce, then README\'s list of problem codes names it (Kafka\'s command.* codes: the table in docs/kafka.md)', () => {
    const unlisted = produced.filter((code) => !(code.startsWith('command.') ? kafka : readme).has(code));
    expect(unlisted).toEqual([]);
  });

  it('given README\'s list, then every code it names is one the service can produce', () => {
    expect([...readme].filter((code) => !produced.includes(code))).toEqual([]);
  });
});
