/*
 * One service per DATA_DIR: the embedded service runs its projections, reactions, fan-out and
 * webhooks unfenced, so a second one on the same folder would do all of it twice, and a rebuild
 * beside it would empty the read models under its projections. Both are refused while it runs.
 */
import { spawn } from 'node:child_process';
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

describe('One service per DATA_DIR', () => {
  let t: TestApp;
  beforeEach(async () => { t = await TestApp.start(); });
  afterEach(async () => t?.stop());

  const inUse = () => `DATA_DIR ${t.dataDir} is in use by process ${process.pid}; stop it first `
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
});
