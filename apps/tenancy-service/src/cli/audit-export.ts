import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
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
  const out = createWriteStream(values.out);
  try {
    // The company's last revision says how many events there are to go through (before `from` too: they are folded).
    const [last] = (await auditEvents.list({ ...companyEventsQuery(values.company, { limit: 1 }), sort: { field: 'revision', descending: true } })).items;
    if (!last) throw new Error(`No events of company ${values.company} (is the ${auditEventsProjection.name} read model built?)`);
    const total = last.revision + 1;
    const bar = progressBar(`company ${values.company}`);
    let written = 0;
    for await (const entries of exportEntries(stores.bulkReads.events, auditEvents, { companyId: values.company, from: values.from, to: values.to })) {
      if (!out.write(entries.map((entry) => `${JSON.stringify(auditEntry(entry))}\n`).join(''))) await once(out, 'drain');
      written += entries.length;
      bar.update(Number(entries[entries.length - 1].event.revision) + 1, total);
    }
    bar.update(total, total);
    bar.done();
    console.log(`${written} events written to ${values.out}`);
  } finally {
    out.end();
    await once(out, 'finish');
    await stores.close();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
