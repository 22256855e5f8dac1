import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { companyWithOwner, JWT_SECRET, person, TestApp, testClock } from './harness';

/** `npm run audit:export`, run from its source as the built script runs it: the same lines the HTTP export streams. */
describe('npm run audit:export', () => {
  let t: TestApp;
  const clock = testClock();
  beforeEach(async () => { t = await TestApp.start(undefined, {}, { clock }); });
  afterEach(async () => t.stop());

  const cli = (args: string[], env: Record<string, string> = {}, script = 'audit-export') => execFileSync(process.execPath, ['--import', 'tsx', `apps/tenancy-service/src/cli/${script}.ts`, ...args], {
    // Only what the test app was configured with: the shared servers' URLs in this environment are not its stores.
    encoding: 'utf8', env: { PATH: process.env.PATH, DATA_DIR: t.dataDir, AUTH_JWT_SECRET: JWT_SECRET, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const failure = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return { status: (error as { status: number }).status, stderr: String((error as { stderr: string }).stderr) };
    }
    throw new Error('it did not fail');
  };
  /** What is in the folder the export would go to, besides what the app keeps there. */
  const leftIn = (dir: string) => readdirSync(dir).filter((name) => !/^(tenancy\.sqlite.*|server-keys\.json)$/.test(name));

  it('given a company with a history, when exported to a file from an instant on, then the file holds the lines GET /v1/audit/export gives', async () => {
    const id = await companyWithOwner(t, person('olivia'));
    clock.advanceDays(1);
    const from = clock.now().toISOString();
    await t.request('PATCH', `/v1/companies/${id}`, { name: 'Renamed' });
    await t.request('POST', `/v1/companies/${id}/activate`);
    const expected = (await t.request('GET', `/v1/audit/export?companyId=${id}&from=${encodeURIComponent(from)}`)).text;
    await t.stop({ keepData: true });
    const out = join(t.dataDir, 'export.ndjson');

    const printed = cli(['--company', id, '--from', from, '--out', out]);

    expect(printed).toContain(`2 events written to ${out}`);
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(expected.split('\n').filter(Boolean).map((line) => JSON.parse(line).type)).toEqual(['CompanyDetailsChanged', 'CompanyActivated']);
    t = await TestApp.start(t.dataDir, {}, { clock });
  });

  it('given a company that never existed, then it says there are no events, exits 2 as audit:verify does for it, and leaves no file', async () => {
    await companyWithOwner(t, person('olivia'));
    await t.stop({ keepData: true });
    const out = join(t.dataDir, 'nothing.ndjson');

    const { status, stderr } = failure(() => cli(['--company', '01a23c4f-d534-77e4-aa04-000000000000', '--out', out]));

    expect([status, stderr]).toEqual([2, expect.stringContaining('No events of company 01a23c4f-d534-77e4-aa04-000000000000')]);
    expect(failure(() => cli(['--company', '01a23c4f-d534-77e4-aa04-000000000000'], {}, 'audit-verify')).status).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(leftIn(t.dataDir)).toEqual([]);
    t = await TestApp.start(t.dataDir, {}, { clock });
  });

  it('given another SERVER_KEY than the data was written with, then the export and the verification say so, and no file is left', async () => {
    const id = await companyWithOwner(t, person('olivia'));
    await t.stop({ keepData: true });
    const out = join(t.dataDir, 'export.ndjson');
    const otherKey = { SERVER_KEY: 'Zr7Tq1Mx9Lb3Kc5Vn2Hp8Jw4Fd6Gs0Ye' };
    const refusal = `SERVER_KEY does not open the keys in ${join(t.dataDir, 'tenancy.sqlite')}: they were wrapped with another SERVER_KEY`;

    expect(failure(() => cli(['--company', id, '--out', out], otherKey))).toEqual({ status: 2, stderr: expect.stringContaining(refusal) });
    expect(failure(() => cli(['--company', id], otherKey, 'audit-verify'))).toEqual({ status: 2, stderr: expect.stringContaining(refusal) });
    expect(leftIn(t.dataDir)).toEqual([]);
    t = await TestApp.start(t.dataDir, {}, { clock });
  });

  it('given an export written, then only its owner may read it', async () => {
    const id = await companyWithOwner(t, person('olivia'));
    await t.stop({ keepData: true });
    const out = join(t.dataDir, 'export.ndjson');

    cli(['--company', id, '--out', out]);

    expect(statSync(out).mode & 0o777).toBe(0o600);
    t = await TestApp.start(t.dataDir, {}, { clock });
  });

  it('given --out naming a file that exists, then it is replaced, and the last line says so', async () => {
    const id = await companyWithOwner(t, person('olivia'));
    await t.stop({ keepData: true });
    const out = join(t.dataDir, 'export.ndjson');

    expect(cli(['--company', id, '--out', out])).not.toContain('replaced');
    expect(cli(['--company', id, '--out', out])).toMatch(/events written to .*export\.ndjson \(it replaced the file that was there\)\n$/);
    t = await TestApp.start(t.dataDir, {}, { clock });
  });

  it('given --from after --to, then it says so and exits 2, leaving no file', async () => {
    const out = join(t.dataDir, 'range.ndjson');
    const { status, stderr } = failure(() => cli(['--company', '01a23c4f-d534-77e4-aa04-000000000000', '--from', '2026-11-22T11:00:00Z', '--to', '2026-11-22T10:00:00Z', '--out', out]));
    expect([status, stderr]).toEqual([2, expect.stringContaining('--to 2026-11-22T10:00:00.000Z is before --from 2026-11-22T11:00:00.000Z')]);
    expect(existsSync(out)).toBe(false);
  });

  it('given no --out, then it says how to use it and fails', async () => {
    expect(() => cli(['--company', 'x'])).toThrow(/Usage: npm run audit:export/);
  });
});
