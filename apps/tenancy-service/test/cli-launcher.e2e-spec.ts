import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../libs/testing/src/servers/process-utils';

jest.setTimeout(300_000);

/** `npm run backup` and the other commands that run beside a service (tools/cli/run.mjs). */
describe('The launcher of the service\'s commands', () => {
  const root = repoRoot();
  const script = join(root, 'dist/apps/tenancy-service/apps/tenancy-service/src/cli/backup.js');
  const launch = (...args: string[]) => spawnSync('npm', ['run', '--silent', 'backup', '--', ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } });

  it('given a build as new as the sources, when a command runs, then it runs that build as it is (a running service keeps its files) and hands on its exit code and words', () => {
    launch(); // builds first if the sources changed since the last build
    const built = statSync(script).mtimeMs;

    const run = launch();

    expect([run.status, run.stderr.trim()]).toEqual([1, 'Usage: npm run backup -- <folder>']);
    expect(statSync(script).mtimeMs).toBe(built);
  });
});
