import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from './config';
import { OidcVerifier, tokenVerifier } from './identity';
import { loadServerKey, loadServerKeys } from './server-keys';
import { writeSealedCompany } from './testing/sealed-company';
import { openStores } from './stores';

/** Strong enough for production's rule (32 bytes or more, not a repeated word). */
const SERVER_KEY = 'Wq3vN8xLr2TzKp5YbH7cJd9eFg4Am6Us0';
const JWT_SECRET = 'Zr7Tq1Mx9Lb3Kc5Vn2Hp8Jw4Fd6Gs0Ye';

describe('Server keys at start', () => {
  let dataDir: string;
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'tenancy-keys-')); });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given production without secrets, when starting, then it refuses and names what is missing', () => {
    const config = readConfig({ NODE_ENV: 'production', DATA_DIR: dataDir });
    expect(() => loadServerKeys(config)).toThrow(/production without AUTH_JWT_SECRET and SERVER_KEY/);
    expect(() => loadServerKeys(readConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_JWT_SECRET: JWT_SECRET })))
      .toThrow(/without SERVER_KEY:/);
  });

  it('given production with an OpenID Connect issuer, then no AUTH_JWT_SECRET is needed (nor made), only SERVER_KEY', () => {
    const oidc = { NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_ISSUER: 'https://sso.acme.example', AUTH_AUDIENCE: 'tenancy' };
    expect(loadServerKeys(readConfig({ ...oidc, SERVER_KEY }))).toEqual({ jwtSecret: undefined, serverKey: SERVER_KEY, generatedJwtSecret: false });
    expect(() => loadServerKeys(readConfig(oidc))).toThrow(/production without SERVER_KEY:/);
  });

  it('given production with neither AUTH_JWT_SECRET nor AUTH_ISSUER, then the refusal names both ways to verify tokens', () => {
    expect(() => loadServerKeys(readConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, SERVER_KEY })))
      .toThrow(/without AUTH_JWT_SECRET: .*AUTH_ISSUER and AUTH_AUDIENCE/);
  });

  it('given production with SERVER_KEY and no AUTH_JWT_SECRET, then what every process opens (the stores, as the projector does) starts; only the API\'s keys refuse', async () => {
    const config = readConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, SERVER_KEY });

    const stores = await openStores(config);
    await stores.close();

    expect(loadServerKey(config)).toBe(SERVER_KEY);
    expect(() => loadServerKeys(config)).toThrow(/without AUTH_JWT_SECRET/);
    expect(() => loadServerKey(readConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_JWT_SECRET: JWT_SECRET })))
      .toThrow('Refusing to start in production without SERVER_KEY: set it to at least 32 random bytes');
  });

  it('given no SERVER_KEY outside production, then the projector\'s key is the one the service made and keeps', () => {
    expect(loadServerKey(readConfig({ DATA_DIR: dataDir }))).toBe(loadServerKeys(readConfig({ DATA_DIR: dataDir })).serverKey);
  });

  it('given production with both secrets, then they are used as given and nothing is written', () => {
    const keys = loadServerKeys(readConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_JWT_SECRET: JWT_SECRET, SERVER_KEY }));
    expect(keys).toEqual({ jwtSecret: JWT_SECRET, serverKey: SERVER_KEY, generatedJwtSecret: false });
  });

  it('given no secrets outside production, then keys are made once, kept private and reused after a restart, each start saying whether it made them', () => {
    const first = loadServerKeys(readConfig({ DATA_DIR: dataDir }));
    const again = loadServerKeys(readConfig({ DATA_DIR: dataDir }));
    expect(first.generatedJwtSecret).toBe(true);
    expect(again).toEqual({ ...first, keptIn: { file: join(dataDir, 'server-keys.json'), madeNow: false } });
    expect(first.keptIn).toEqual({ file: join(dataDir, 'server-keys.json'), madeNow: true });
    expect(first.jwtSecret!.length).toBeGreaterThanOrEqual(43);
    expect(statSync(join(dataDir, 'server-keys.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dataDir, 'server-keys.json'), 'utf8')).serverKey).toBe(first.serverKey);
  });

  it('given AUTH_ISSUER outside production, then the jwtSecret kept in DATA_DIR is unused and may be removed: the keys load without it, and a start that then lost AUTH_ISSUER refuses rather than take HS256 tokens', () => {
    const oidc = { DATA_DIR: dataDir, AUTH_ISSUER: 'https://sso.acme.example/realms/acme', AUTH_AUDIENCE: 'tenancy' };
    const clock = { now: () => new Date('2026-12-04T12:00:00Z') };
    const first = loadServerKeys(readConfig(oidc));
    const file = join(dataDir, 'server-keys.json');
    // The first start made both keys, the token secret too, though the issuer's keys verify tokens.
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8'))).sort()).toEqual(['jwtSecret', 'serverKey']);
    writeFileSync(file, JSON.stringify({ serverKey: first.serverKey }), { mode: 0o600 });

    const again = loadServerKeys(readConfig(oidc));

    expect([again.serverKey, again.jwtSecret]).toEqual([first.serverKey, undefined]);
    expect(tokenVerifier(readConfig(oidc), again, clock)).toBeInstanceOf(OidcVerifier);
    const drifted = readConfig({ DATA_DIR: dataDir });
    expect(() => tokenVerifier(drifted, loadServerKeys(drifted), clock)).toThrow(/No AUTH_JWT_SECRET and no AUTH_ISSUER/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ serverKey: first.serverKey });
  });

  const writeData = (env: Record<string, string> = {}) => writeSealedCompany(dataDir, env);

  it('given a DATA_DIR with data whose server-keys.json is gone (restored without it), then the stores and the API refuse, naming what to restore, and write nothing', async () => {
    await writeData();
    rmSync(join(dataDir, 'server-keys.json'));
    const before = readdirSync(dataDir);

    await expect(openStores(readConfig({ DATA_DIR: dataDir }))).rejects.toThrow(
      `${join(dataDir, 'server-keys.json')} is missing, but ${join(dataDir, 'tenancy.sqlite')} holds data: new keys would open none of its personal data and secrets. `
      + 'Restore server-keys.json from the same backup as the database, or set SERVER_KEY to the key the data was written with; nothing has been written.');
    expect(() => loadServerKeys(readConfig({ DATA_DIR: dataDir }))).toThrow(/server-keys\.json is missing, but .* holds data/);
    expect(readdirSync(dataDir)).toEqual(before);
  });

  it('given a DATA_DIR with data written under SERVER_KEY and no server-keys.json, then with SERVER_KEY set it opens', async () => {
    await writeData({ SERVER_KEY });

    const stores = await openStores(readConfig({ DATA_DIR: dataDir, SERVER_KEY }));
    await stores.close();
  });
});
