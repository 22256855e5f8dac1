// `npm run backup|audit:verify|audit:export|projections:rebuild`: runs that command of the build
// in dist/, building it first only when there is none or a source file is newer than it. They run
// beside a running service: rebuilding dist/ every time pulled the console's files from under it
// for a moment, and cost each run about 17 s of CPU.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [name, ...args] = process.argv.slice(2);
const script = `dist/apps/tenancy-service/apps/tenancy-service/src/cli/${name}.js`;

/** The newest modification time of the sources a build is made of (tests left out). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.tsx?$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const stale = () => statSync(script).mtimeMs < Math.max(...['apps', 'libs'].map(newestSource));
if (!existsSync(script) || stale()) {
  const built = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const ran = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
process.exit(ran.status ?? 1);
