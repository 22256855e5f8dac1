import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCompany, staff, TestApp } from './harness';

describe('Raw API tokens stay out of storage and logs', () => {
  it('given tokens handed out on create, repeat and regenerate, then no byte of storage or log holds them', async () => {
    const logged: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => { logged.push(String(chunk)); return true; }));
    const t = await TestApp.start();
    try {
      const created = await t.request('POST', '/v1/companies', newCompany(), staff({ 'idempotency-key': 'k-1' }));
      const repeated = await t.request('POST', '/v1/companies', newCompany(), staff({ 'idempotency-key': 'k-1' }));
      const regenerated = await t.request('POST', `/v1/companies/${created.body.id}/api-token`);
      await t.request('POST', '/v1/pairing', { apiToken: regenerated.body.apiToken }, {});
      const raw = [created.body.apiToken, regenerated.body.apiToken];
      expect(repeated.body.apiToken).toBe(raw[0]);
      await t.stop({ keepData: true });

      const stored = readdirSync(t.dataDir).map((file) => readFileSync(join(t.dataDir, file)).toString('latin1')).join('\n');
      expect(stored).toContain(created.body.id);
      for (const token of raw) {
        expect(stored).not.toContain(token);
        expect(stored).not.toContain(token.slice(8));
        expect(logged.join('')).not.toContain(token.slice(8));
      }
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });
});
