import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from './config';
import { loadServerKeys } from './server-keys';

describe('Server keys at start', () => {
  let dataDir: string;
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'tenancy-keys-')); });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given production without secrets, when starting, then it refuses and names what is missing', () => {
    const config = readConfig({ NODE_ENV: 'production', DATA_DIR: dataDir });
    expect(() => loadServerKeys(config)).toThrow(/production without AUTH_JWT_SECRET and SERVER_KEY/);
    expect(() => loadServerKeys(readConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_JWT_SECRET: 's'.repeat(32) })))
      .toThrow(/without SERVER_KEY:/);
  });

  it('given production with both secrets, then they are used as given and nothing is written', () => {
    const keys = loadServerKeys(readConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_JWT_SECRET: 'jwt', SERVER_KEY: 'key' }));
    expect(keys).toEqual({ jwtSecret: 'jwt', serverKey: 'key', generatedJwtSecret: false });
  });

  it('given no secrets outside production, then keys are made once, kept private and reused after a restart', () => {
    const first = loadServerKeys(readConfig({ DATA_DIR: dataDir }));
    const again = loadServerKeys(readConfig({ DATA_DIR: dataDir }));
    expect(first.generatedJwtSecret).toBe(true);
    expect(again).toEqual(first);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(43);
    expect(statSync(join(dataDir, 'server-keys.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dataDir, 'server-keys.json'), 'utf8')).serverKey).toBe(first.serverKey);
  });
});
