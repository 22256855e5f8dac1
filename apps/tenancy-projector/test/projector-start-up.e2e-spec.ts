/*
 * Start-up of the built projector: a setting it cannot take stops it with exit code 1 and one JSON
 * line naming it, as the service does (apps/tenancy-service/test/start-up.e2e-spec.ts).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtApp, runAppToExit } from '../../../libs/testing/src/processes/built-app';
import { freePorts } from '../../../libs/testing/src/servers/free-port';

jest.setTimeout(180_000);

const EMBEDDED = { MONGODB_URL: '', EVENTSTORE_URL: '', KAFKA_BROKERS: '', LOG_LEVEL: 'info' };

describe('The projector at start-up', () => {
  it('given a setting it cannot take, then it exits 1 with one JSON line naming it, as the service does', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tenancy-start-'));
    try {
      const { code, lines } = await runAppToExit(builtApp('tenancy-projector'), { ...EMBEDDED, DATA_DIR: dataDir, WEBHOOK_DELIVERY: 'maybe' });

      expect(code).toBe(1);
      expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({
        level: 'fatal', service: 'tenancy-projector', msg: 'not started: WEBHOOK_DELIVERY must be true or false, got "maybe"',
      })]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('given a MongoDB nothing answers at and a fresh DATA_DIR, then it exits 1 with one line naming it, and leaves DATA_DIR empty (no keys, database or lock files made)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tenancy-start-'));
    const [nothing, port] = await freePorts(2);
    try {
      const { code, lines } = await runAppToExit(builtApp('tenancy-projector'), { ...EMBEDDED, DATA_DIR: dataDir, PROJECTOR_PORT: String(port), SERVER_KEY: '', MONGODB_URL: `mongodb://127.0.0.1:${nothing}/` });

      expect(code).toBe(1);
      expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({
        level: 'fatal', msg: `not started: MongoDB at mongodb://127.0.0.1:${nothing}/ does not answer: connect ECONNREFUSED 127.0.0.1:${nothing}`,
      })]);
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
