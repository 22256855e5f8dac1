import { benchAppends } from './appends.bench';
import { benchExport } from './export.bench';
import { benchHttp } from './http.bench';
import { benchInput } from './input.bench';
import { benchKafka } from './kafka.bench';
import { benchKafkaCommands } from './kafka-commands.bench';
import { benchLongStreams } from './long-stream.bench';
import { benchMongo } from './mongo.bench';
import { benchRebuild } from './rebuild.bench';
import { printSummary } from './report';
import { benchScale } from './scale.bench';
import { benchWebhooks } from './webhooks.bench';

/** `BENCH_SECTIONS=scale,rebuild` runs only those sections; all of them by default. */
const SECTIONS = (process.env.BENCH_SECTIONS ?? 'http,input,appends,streams,rebuild,mongo,kafka,kafka-commands,webhooks,scale,export').split(',').map((s) => s.trim());

/**
 * `npm run bench`: every figure is printed beside a baseline measured in the same run.
 * Targets are checked here, never in timed tests.
 */
async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  console.log(`tenancy bench — node ${process.version}, ${new Date().toISOString()}\n`);
  const sections: [string, () => Promise<void>][] = [
    ['http', () => benchHttp(seconds)],
    ['input', async () => benchInput()],
    ['appends', () => benchAppends(Number(process.env.BENCH_APPEND_EVENTS ?? 20_000))],
    ['streams', () => benchLongStreams(Number(process.env.BENCH_LONG_STREAM ?? 10_000))],
    ['rebuild', () => benchRebuild(Number(process.env.BENCH_EVENTS ?? 100_000))],
    // FerretDB 1.x (the MongoDB server here) runs every filter as a full scan (on PostgreSQL, in
    // SQL: its `@>` conditions cannot use the indexes), so position-guarded writes slow down as
    // the collections grow: fewer events keep this section short (docs/ferretdb-notes.md).
    ['mongo', () => benchMongo(Number(process.env.BENCH_MONGO_EVENTS ?? 3_000))],
    ['kafka', () => benchKafka(Number(process.env.BENCH_KAFKA_EVENTS ?? 20_000))],
    ['kafka-commands', () => benchKafkaCommands(seconds, Number(process.env.BENCH_KAFKA_COMMANDS ?? 3_000))],
    ['webhooks', () => benchWebhooks(Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2_000))],
    // Seeds 1,000 and 300,000 companies (about 1M events), each in a fresh process: minutes, mostly the rebuild.
    ['scale', () => benchScale()],
    // One company's history exported at two lengths (BENCH_EXPORT_EVENTS, default 200,000, and a quarter of it).
    ['export', () => benchExport()],
  ];
  for (const [name, run] of sections.filter(([name]) => SECTIONS.includes(name))) {
    await run();
    console.log();
  }
  printSummary();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
