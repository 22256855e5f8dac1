import { benchHttp } from './http.bench';
import { benchKafka } from './kafka.bench';
import { benchMongo } from './mongo.bench';
import { benchRebuild } from './rebuild.bench';

/**
 * `npm run bench`: every figure is printed beside a baseline measured in the same run.
 * Targets are checked here, never in timed tests.
 */
async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  console.log(`tenancy bench — node ${process.version}, ${new Date().toISOString()}\n`);
  await benchHttp(seconds);
  console.log();
  await benchRebuild(Number(process.env.BENCH_EVENTS ?? 100_000));
  console.log();
  // FerretDB 1.x (the MongoDB server here) runs every filter as a full scan (on PostgreSQL, in
  // SQL: its `@>` conditions cannot use the indexes), so position-guarded writes slow down as
  // the collections grow: fewer events keep this section short (docs/ferretdb-notes.md).
  await benchMongo(Number(process.env.BENCH_MONGO_EVENTS ?? 3_000));
  console.log();
  await benchKafka(Number(process.env.BENCH_KAFKA_EVENTS ?? 20_000));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
