import 'reflect-metadata';
import { ALL_PROJECTIONS, ProjectionRunner } from '@tenancy/projections';
import { readConfig, openStores } from '@tenancy/platform';
import { progressBar } from './progress-bar';

/**
 * `npm run projections:rebuild [name ...]`: empties the named read models (all by default)
 * and folds every event into them again. Stop every process on the stores first (the
 * services and the projector); on the embedded file it refuses to start while any of them runs,
 * and they to start while it runs (DATA_DIR's lock).
 */
async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !ALL_PROJECTIONS.some((p) => p.name === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown projection ${unknown.join(', ')}; known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
  }
  const chosen = names.length > 0 ? ALL_PROJECTIONS.filter((p) => names.includes(p.name)) : ALL_PROJECTIONS;
  // Refused while any process has the embedded file's stores open (a service, projecting or not, a
  // projector, an audit CLI): it would empty read models under them. And they are refused while it runs.
  const stores = await openStores(readConfig(), undefined, { writer: 'rebuild' });
  const runner = new ProjectionRunner(stores.events, stores.readModels, chosen, { batchSize: 5000 });
  try {
    const head = await stores.events.headPosition();
    for (const projection of chosen) {
      const bar = progressBar(projection.name);
      const started = process.hrtime.bigint();
      const count = await runner.rebuild(projection, (position) => bar.update(Number(position), Number(head)));
      bar.done();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(`${projection.name}: ${count} events in ${seconds.toFixed(2)} s (${Math.round(count / Math.max(seconds, 1e-9))} events/s)`);
    }
  } finally {
    await stores.close();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
