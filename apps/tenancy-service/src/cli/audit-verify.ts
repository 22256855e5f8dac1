import 'reflect-metadata';
import { AuditTrailCheck } from '@tenancy/application';
import { openStores, readConfig } from '@tenancy/platform';
import { auditVerify, parseArgs } from './audit-verify.command';

/**
 * `npm run audit:verify [-- --company <id>] [-- --anchor <anchor JSON or file>]`: checks the hash
 * chains as stored, then the audit trail against them, and exits 1 naming the first break
 * (docs/tamper-evidence.md).
 */
async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const stores = await openStores(readConfig());
  try {
    const trail = new AuditTrailCheck(stores.storedEvents, stores.readModels);
    return await auditVerify(stores.storedEvents, args, (line) => console.log(line), process.stderr, trail);
  } finally {
    await stores.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
