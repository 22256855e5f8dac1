import 'reflect-metadata';
import { backUpDataDir, readConfig } from '@tenancy/platform';

const USAGE = 'npm run backup -- <folder>';

/**
 * `npm run backup -- <folder>`: a consistent copy of the embedded default's DATA_DIR (the SQLite
 * file and the key file its data needs), taken while the service may be running. Restoring is
 * putting the files back into DATA_DIR while the service is stopped (README, Backup and restore).
 */
async function main(argv: string[]): Promise<void> {
  if (argv.length !== 1 || argv[0].startsWith('-')) throw new Error(`Usage: ${USAGE}`);
  const config = readConfig();
  const backup = await backUpDataDir(config, argv[0]);
  console.log(`Backed up ${config.dataDir} into ${backup.folder}: ${backup.files.join(', ')}`);
  if (backup.needsServerKey) console.log('SERVER_KEY is in no file of it: a restore needs the SERVER_KEY this data was written with');
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
