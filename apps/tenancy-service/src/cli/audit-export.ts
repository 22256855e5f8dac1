import 'reflect-metadata';
import { createWriteStream, existsSync, openSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportEntries } from '@tenancy/application';
import { auditEventsProjection, companyEventsQuery, readModel } from '@tenancy/projections';
import { openStores, readConfig } from '@tenancy/platform';
import { auditEntry } from '../audit/audit-entry';
import { instantProblem, normalisedInstant } from '../validation/instant';
import { progressBar } from './progress-bar';

const USAGE = 'npm run audit:export -- --company <id> [--from <RFC 3339>] [--to <RFC 3339>] --out <file>';

/**
 * `npm run audit:export`: what GET /v1/audit/export streams, written to a file with a progress
 * bar on stderr. Reads the stores the service is configured with (the same environment); it only
 * reads, so the service may keep running.
 */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { company: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } } });
  if (!values.company || !values.out) throw new Error(`Usage: ${USAGE}`);
  for (const [name, instant] of [['--from', values.from], ['--to', values.to]]) {
    const problem = instant === undefined ? null : instantProblem(instant);
    if (problem) throw new Error(`${name} ${JSON.stringify(instant)} ${problem}`);
  }
  const [from, to] = [values.from, values.to].map((instant) => (instant === undefined ? undefined : normalisedInstant(instant)));
  if (from !== undefined && to !== undefined && Date.parse(from) > Date.parse(to)) throw new Error(`--to ${to} is before --from ${from}: that range holds nothing`);
  const stores = await openStores(readConfig());
  const auditEvents = readModel(stores.bulkReads.readModels, auditEventsProjection);
  // Written beside the file it becomes and renamed to it once complete: a failure (no events, a
  // store gone) leaves no file, not an empty or truncated one that looks like an export.
  // Readable by its owner only, as everything in DATA_DIR: an export holds personal data.
  const partial = join(dirname(values.out), `.${basename(values.out)}.${process.pid}.partial`);
  let fd: number;
  try {
    fd = openSync(partial, 'wx', 0o600);
  } catch (error) {
    await stores.close();
    throw new Error(`Cannot write ${values.out}: ${(error as Error).message}`);
  }
  const out = createWriteStream('', { fd });
  let complete = false;
  let written = 0;
  let replaced = false;
  try {
    // The company's last revision says how many events there are to go through (before `from` too: they are folded).
    const [last] = (await auditEvents.list({ ...companyEventsQuery(values.company, { limit: 1 }), sort: { field: 'revision', descending: true } })).items;
    if (!last) throw new Error(`No events of company ${values.company} (is the ${auditEventsProjection.name} read model built?)`);
    const total = last.revision + 1;
    const bar = progressBar(`company ${values.company}`);
    for await (const entries of exportEntries(stores.bulkReads.events, auditEvents, { companyId: values.company, from, to })) {
      if (!out.write(entries.map((entry) => `${JSON.stringify(auditEntry(entry))}\n`).join(''))) await once(out, 'drain');
      written += entries.length;
      bar.update(Number(entries[entries.length - 1].event.revision) + 1, total);
    }
    bar.update(total, total);
    bar.done();
    complete = true;
  } finally {
    out.end();
    await once(out, 'finish');
    await stores.close();
    // Said, not refused: a scheduled export rewrites its file; whoever reads the line knows the old one is gone.
    if (complete) { replaced = existsSync(values.out); renameSync(partial, values.out); }
    else rmSync(partial, { force: true });
  }
  console.log(`${written} events written to ${values.out}${replaced ? ' (it replaced the file that was there)' : ''}`);
}

// Exit 2 when it could not export (bad arguments, a company this store never held, a store it
// cannot open or read), as audit:verify exits 2 when it could not run; 1 is verify's "the history
// does not hold", which an export never finds.
main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
