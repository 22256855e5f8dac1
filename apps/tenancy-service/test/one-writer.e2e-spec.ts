/*
 * One service per DATA_DIR: the embedded service runs its projections, reactions, fan-out and
 * webhooks unfenced, so a second one on the same folder would do all of it twice, and a rebuild
 * beside it would empty the read models under its projections. Both are refused while it runs.
 * A rebuild is refused beside a service that only serves (RUN_PROJECTIONS=false) too, whose reads
 * would meet half-made tables, and every service is refused while a rebuild runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePorts } from '../../../libs/testing/src/servers/free-port';
import { builtApp, runAppToExit } from '../../../libs/testing/src/processes/built-app';
import { JWT_SECRET, newCompany, TestApp } from './harness';

jest.setTimeout(180_000);

/** No server of the environment: everything in the embedded file. */
const EMBEDDED = { MONGODB_URL: '', EVENTSTORE_URL: '', KAFKA_BROKERS: '', AUTH_ISSUER: '', LOG_LEVEL: 'info' };

/** `npm run projections:rebuild`, run from its source as the built script runs it. */
function rebuild(dataDir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/tenancy-service/src/cli/rebuild-projections.ts'], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, AUTH_JWT_SECRET: JWT_SECRET }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/** A process holding DATA_DIR as a running rebuild does (libs/platform/src/testing/hold-data-dir.ts), once it holds it. */
async function rebuildRunning(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join('libs', 'platform', 'src', 'testing', 'hold-data-dir.ts'), dataDir, 'rebuild'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
  });
  expect(line).toBe(`held ${child.pid}`);
  return child;
}

describe('One service per DATA_DIR', () => {
  let t: TestApp;
  beforeEach(async () => { t = await TestApp.start(); });
  afterEach(async () => t?.stop());

  const inUse = (pid = process.pid) => `DATA_DIR ${t.dataDir} is in use by process ${pid}; stop it first `
    + '(one service per DATA_DIR; npm run projections:rebuild only while it is stopped). Nothing has been changed.';
  const companyNames = async () => (await t.request('GET', '/v1/companies?limit=50')).body.items.map((c: { name: string }) => c.name).sort();

  it('given a service running, when a second one starts on the same DATA_DIR, then it exits 1 with one line naming the first, and the first works on', async () => {
    expect((await t.request('POST', '/v1/companies', newCompany({ name: 'Before' }))).status).toBe(201);
    const [port] = await freePorts(1);

    const second = await runAppToExit(builtApp('tenancy-service'), { ...EMBEDDED, DATA_DIR: t.dataDir, PORT: String(port), AUTH_JWT_SECRET: JWT_SECRET });

    expect(second.code).toBe(1);
    expect(second.lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ level: 'fatal', msg: `not started: ${inUse()}` })]);
    expect((await t.request('POST', '/v1/companies', newCompany({ name: 'After' }))).status).toBe(201);
    expect(await companyNames()).toEqual(['After', 'Before']);
  });

  it('given a service running, when projections:rebuild runs, then it exits 1 saying so and the service\'s read models keep up; once the service is stopped, the rebuild runs', async () => {
    expect((await t.request('POST', '/v1/companies', newCompany({ name: 'Before' }))).status).toBe(201);

    const refused = await rebuild(t.dataDir);

    expect(refused).toEqual({ code: 1, stderr: `${inUse()}\n` });
    expect((await t.request('POST', '/v1/companies', newCompany({ name: 'After' }))).status).toBe(201);
    expect(await companyNames()).toEqual(['After', 'Before']);

    await t.stop({ keepData: true });
    expect((await rebuild(t.dataDir)).code).toBe(0);
    t = await TestApp.start(t.dataDir);
    expect(await companyNames()).toEqual(['After', 'Before']);
  });

  it('given a service with RUN_PROJECTIONS=false serving, when projections:rebuild runs, then it exits 1 naming the service, and the service reads what it read before', async () => {
    expect((await t.request('POST', '/v1/companies', newCompany({ name: 'Before' }))).status).toBe(201);
    await t.stop({ keepData: true });
    t = await TestApp.start(t.dataDir, { RUN_PROJECTIONS: 'false' });

    const refused = await rebuild(t.dataDir);

    expect(refused).toEqual({ code: 1, stderr: `${inUse()}\n` });
    expect(await companyNames()).toEqual(['Before']);
  });

  it('given a rebuild running, when a service starts, with RUN_PROJECTIONS on or off, then it exits 1 with one line naming the rebuild', async () => {
    await t.stop({ keepData: true });
    const running = await rebuildRunning(t.dataDir);
    try {
      for (const runProjections of ['true', 'false']) {
        const [port] = await freePorts(1);
        const started = await runAppToExit(builtApp('tenancy-service'), {
          ...EMBEDDED, DATA_DIR: t.dataDir, PORT: String(port), AUTH_JWT_SECRET: JWT_SECRET, RUN_PROJECTIONS: runProjections,
        });

        expect([runProjections, started.code]).toEqual([runProjections, 1]);
        expect(started.lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ level: 'fatal', msg: `not started: ${inUse(running.pid)}` })]);
      }
    } finally {
      const gone = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await gone;
    }
    // The rebuild gone, its lock goes with it: the service starts.
    t = await TestApp.start(t.dataDir);
  });
});
