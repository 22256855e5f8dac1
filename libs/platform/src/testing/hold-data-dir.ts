/*
 * A process that takes DATA_DIR and keeps it until it is killed, for the lock's tests:
 * `node --import tsx hold-data-dir.ts <DATA_DIR> <alone|under-lease|rebuild|open>` (`open`: the stores
 * only open, as a service with RUN_PROJECTIONS=false has them). Prints `held <pid>`, or
 * `refused: <the refusal>` and exits 1.
 */
import { readConfig } from '../config';
import { lockDataDir, type DataDirWriter } from '../data-dir-lock';

const [dataDir, writer] = process.argv.slice(2);
try {
  // Nothing here keeps the lock referenced: a collection must not drop it (run with --expose-gc).
  lockDataDir(readConfig({ DATA_DIR: dataDir }), writer === 'open' ? undefined : writer as DataDirWriter);
  global.gc?.();
  process.stdout.write(`held ${process.pid}\n`);
  setInterval(() => undefined, 60_000);
} catch (error) {
  process.stdout.write(`refused: ${(error as Error).message}\n`);
  process.exit(1);
}
