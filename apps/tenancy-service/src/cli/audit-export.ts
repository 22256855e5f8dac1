import 'reflect-metadata';
import { createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportEntries } from '@tenancy/application';
import { auditEventsProjection, companyEventsQuery, readModel } from '@tenancy/projections';
import { openStores, readConfig } from '@tenancy/platform';
import { auditEntry } from '../audit/audit-entry';
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
  for (const instant of [values.from, values.to]) {
    if (instant !== undefined && Number.isNaN(Date.parse(instant))) throw new Error(`Not an RFC 3339 instant: ${instant}`);
  }
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
  try {
    // The company's last revision says how many events there are to go through (before `from` too: they are folded).
    const [last] = (await auditEvents.list({ ...companyEventsQuery(values.company, { limit: 1 }), sort: { field: 'revision', descending: true } })).items;
    if (!last) throw new Error(`No events of company ${values.company} (is the ${auditEventsProjection.name} read model built?)`);
    const total = last.revision + 1;
    const bar = progressBar(`company ${values.company}`);
    for await (const entries of exportEntries(stores.bulkReads.events, auditEvents, { companyId: values.company, from: values.from, to: values.to })) {
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
    if (complete) renameSync(partial, values.out);
    else rmSync(partial, { force: true });
  }
  console.log(`${written} events written to ${values.out}`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
