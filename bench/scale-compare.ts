import { randomBytes } from 'node:crypto';
import { ListCursors, SqliteReadStore } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { listQueries, median, RUNS, type ScaleFile } from './scale-queries';

/**
 * The two sizes' list queries side by side: `tsx bench/scale-compare.ts <small> <large>` (each a
 * ScaleFile as JSON) opens both seeded files and times each query on one size, then the other,
 * run after run (the order swapped every run), so a change in the machine's speed reaches both
 * alike. Measured one size after the other, minutes apart (the large one's seed and rebuild in
 * between), the same code read 0.94× and 2.21× for the same query in two full runs. Prints one
 * JSON line: the median milliseconds per page of each size, by query name.
 */
export interface ScaleComparison {
  small: Record<string, number>;
  large: Record<string, number>;
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2, 4).map((arg) => JSON.parse(arg) as ScaleFile);
  const opened = sizes.map((size) => {
    const db = openDatabase(size.file);
    return { db, store: new SqliteReadStore(db, new ListCursors(randomBytes(32))), queries: listQueries(size) };
  });
  try {
    const times = opened.map(() => new Map<string, number[]>());
    for (let q = 0; q < opened[0].queries.length; q++) {
      const runs = opened.map(({ store, queries: all }) => {
        const [, collection, query] = all[q];
        return () => store.list(collection, query);
      });
      for (let i = 0; i < 5; i++) for (const run of runs) await run();
      const name = opened[0].queries[q][0];
      for (const t of times) t.set(name, []);
      for (let i = 0; i < RUNS; i++) {
        for (const s of i % 2 === 0 ? [0, 1] : [1, 0]) {
          const started = process.hrtime.bigint();
          await runs[s]();
          times[s].get(name)!.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      }
    }
    const medians = times.map((t) => Object.fromEntries([...t].map(([name, values]) => [name, median(values)])));
    const comparison: ScaleComparison = { small: medians[0], large: medians[1] };
    process.stdout.write(`${JSON.stringify(comparison)}\n`);
  } finally {
    for (const { db } of opened) db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
