import 'reflect-metadata';
import { backUpDataDir, readConfig } from '@tenancy/platform';

const USAGE = 'npm run backup -- <folder>';

/**
 * `npm run backup -- <folder>`: a consistent copy of DATA_DIR (the SQLite file and the key file
 * its data needs) while the events are there, taken while the service may be running. With
 * MONGODB_URL the file holds the events only, and it says what to dump from MongoDB after it; with
 * EVENTSTORE_URL it holds the events' keys, and it says to back EventStoreDB up before it.
 * Restoring is putting the files back into DATA_DIR while the service is stopped (README, Backup and restore).
 */
async function main(argv: string[]): Promise<void> {
  if (argv.length !== 1 || argv[0].startsWith('-')) throw new Error(`Usage: ${USAGE}`);
  const config = readConfig();
  const backup = await backUpDataDir(config, argv[0]);
  console.log(`Backed up ${config.dataDir} into ${backup.folder}: ${backup.files.join(', ')}`);
  if (backup.needsServerKey) console.log('SERVER_KEY is in no file of it: a restore needs the SERVER_KEY this data was written with');
  if (backup.alsoDump) console.log(mongoDumpAdvice(backup.folder, backup.alsoDump));
  if (backup.eventsInEventStore) console.log(EVENT_STORE_ADVICE);
}

/** Taken after EventStoreDB's with nothing writing, the copy holds every key the backed-up events need and no checkpoint past them. */
const EVENT_STORE_ADVICE = 'EVENTSTORE_URL is set: this holds the personal-data keys and the read models; the events are in EventStoreDB. '
  + 'Back EventStoreDB up with its own tools before each backup like this one, with the service and projectors stopped for both, '
  + 'so that every event has its key here and no read model is ahead of the events (README, Backup and restore).';

/** Dumped after the events, so every key they were sealed with is in it (a key made later is harmless, one destroyed meanwhile stays destroyed). */
function mongoDumpAdvice(folder: string, { database, collections }: { database: string; collections: string[] }): string {
  const include = collections.map((c) => `--nsInclude='${database}.${c}'`).join(' ');
  return [
    `MONGODB_URL is set: this holds the events; their personal-data keys are in MongoDB (collections ${collections.join(' and ')} of database ${database}), `
      + 'without which the events\' personal data cannot be read. Dump them now, after this backup:',
    `  mongodump --uri="$MONGODB_URL" ${include} --out='${folder}/mongodump'`,
    'The rest of that database (read models, checkpoints, idempotency records, snapshots, webhook deliveries) need not be kept: '
      + 'a restore builds the read models afresh from the events (README, Backup and restore).',
  ].join('\n');
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
