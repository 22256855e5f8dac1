import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { companyWithOwner, JWT_SECRET, person, TestApp, testClock } from './harness';

/** `npm run audit:export`, run from its source as the built script runs it: the same lines the HTTP export streams. */
describe('npm run audit:export', () => {
  let t: TestApp;
  const clock = testClock();
  beforeEach(async () => { t = await TestApp.start(undefined, {}, { clock }); });
  afterEach(async () => t.stop());

  const cli = (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'apps/tenancy-service/src/cli/audit-export.ts', ...args], {
    // Only what the test app was configured with: the shared servers' URLs in this environment are not its stores.
    encoding: 'utf8', env: { PATH: process.env.PATH, DATA_DIR: t.dataDir, AUTH_JWT_SECRET: JWT_SECRET }, stdio: ['ignore', 'pipe', 'pipe'],
  });

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

  it('given no --out, then it says how to use it and fails', async () => {
    expect(() => cli(['--company', 'x'])).toThrow(/Usage: npm run audit:export/);
  });
});
