import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JWT_SECRET, TestApp } from './harness';

// Each case starts the CLI through tsx, a second or two apiece, and more on a loaded machine.
jest.setTimeout(60_000);

/** `npm run token`, run as the script runs it (from its source, with tsx), against the service it signs for. */
describe('npm run token', () => {
  let t: TestApp;
  afterEach(async () => t?.stop());

  /** Runs the CLI with only `env` (and PATH): the token it prints, or its exit status and message. */
  function token(args: string[], env: Record<string, string>): { token: string } | { status: number; stderr: string } {
    try {
      const printed = execFileSync(process.execPath, ['--import', 'tsx', 'apps/tenancy-service/src/cli/token.ts', ...args], {
        encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { token: printed.trim() };
    } catch (error) {
      const { status, stderr } = error as { status: number; stderr: string };
      return { status, stderr: String(stderr) };
    }
  }
  const printed = (result: ReturnType<typeof token>) => {
    if (!('token' in result)) throw new Error(`the CLI failed: ${result.stderr}`);
    return result;
  };

  it('given the DATA_DIR a service made its keys in (no AUTH_JWT_SECRET), then the token it prints is taken as that user, who can found a company with it', async () => {
    t = await TestApp.start(undefined, { AUTH_JWT_SECRET: '' });
    const olivia = printed(token(['olivia', '--email', 'Olivia@Example.com'], { DATA_DIR: t.dataDir }));

    expect((await t.request('GET', '/v1/me', undefined, olivia)).body).toEqual({ userId: 'olivia', staff: false, email: 'olivia@example.com' });
    const founded = await t.request('POST', '/v1/me/companies', { name: 'Olivia GmbH', timezone: 'Europe/Berlin', defaultLanguage: 'de' }, olivia);
    expect(founded.status).toBe(201);
    expect((await t.request('GET', `/v1/companies/${founded.body.id}/members`, undefined, olivia)).body.items)
      .toEqual([expect.objectContaining({ userId: 'olivia', email: 'olivia@example.com', role: 'owner' })]);
  });

  it('given AUTH_JWT_SECRET, then it signs with it: --staff makes staff by the configured claim, and --hours sets the expiry', async () => {
    const env = { AUTH_STAFF_CLAIM: 'realm_access.roles', AUTH_STAFF_VALUE: 'platform-staff' };
    t = await TestApp.start(undefined, env);
    const signed = (args: string[]) => printed(token(args, { DATA_DIR: t.dataDir, AUTH_JWT_SECRET: JWT_SECRET, ...env }));

    expect((await t.request('GET', '/v1/me', undefined, signed(['ops-1', '--staff']))).body).toEqual({ userId: 'ops-1', staff: true, email: null });
    expect((await t.request('GET', '/v1/companies', undefined, signed(['ops-1', '--staff']))).status).toBe(200);
    expect((await t.request('GET', '/v1/companies', undefined, signed(['emma']))).status).toBe(403);
    const { exp, iat } = JSON.parse(Buffer.from(signed(['emma', '--hours', '2']).token.split('.')[1], 'base64url').toString('utf8'));
    expect(exp - iat).toBe(2 * 3600);
  });

  it('given AUTH_ISSUER (tokens come from the identity provider), or production, then it refuses in one line and prints no token', () => {
    const refused = token(['olivia'], { DATA_DIR: '/nonexistent', AUTH_ISSUER: 'https://sso.example/realms/acme', AUTH_AUDIENCE: 'tenancy' });
    expect(refused).toEqual({ status: 1, stderr: expect.stringMatching(/^AUTH_ISSUER is set: the service takes tokens of https:\/\/sso\.example\/realms\/acme only; [^\n]*\n$/) });
    const production = token(['olivia'], { DATA_DIR: '/nonexistent', NODE_ENV: 'production', AUTH_JWT_SECRET: JWT_SECRET });
    expect(production).toEqual({ status: 1, stderr: expect.stringMatching(/^npm run token is for trying the service outside production[^\n]*\n$/) });
  });

  it('given no AUTH_ISSUER and a DATA_DIR whose server-keys.json had its jwtSecret removed, then it says so in one line, naming what to set, and prints no token', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'token-cli-'));
    try {
      writeFileSync(join(dataDir, 'server-keys.json'), JSON.stringify({ serverKey: randomBytes(32).toString('base64url') }), { mode: 0o600 });

      const refused = token(['olivia'], { DATA_DIR: dataDir });

      expect(refused).toEqual({ status: 1, stderr: expect.stringMatching(/^No AUTH_JWT_SECRET, and \S+server-keys\.json has no jwtSecret: [^\n]*AUTH_ISSUER[^\n]*AUTH_JWT_SECRET[^\n]*\n$/) });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('given no AUTH_JWT_SECRET and a DATA_DIR without server-keys.json (unset, mistyped), then it refuses in one line and makes nothing: no folder, no keys, no token', () => {
    const parent = mkdtempSync(join(tmpdir(), 'token-cli-'));
    try {
      const mistyped = join(parent, 'nonexistent');

      const refused = token(['olivia'], { DATA_DIR: mistyped });
      const empty = token(['olivia'], { DATA_DIR: parent });

      const line = new RegExp(`^No AUTH_JWT_SECRET, and no ${mistyped}/server-keys\\.json: start the service first, or run this with the service's DATA_DIR[^\\n]*\\n$`);
      expect(refused).toEqual({ status: 1, stderr: expect.stringMatching(line) });
      expect(empty).toEqual({ status: 1, stderr: expect.stringMatching(/^No AUTH_JWT_SECRET, and no \S+server-keys\.json: [^\n]*\n$/) });
      expect(existsSync(mistyped)).toBe(false);
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it.each([
    [[], 'Usage: npm run token'],
    [['olivia', '--email'], 'Usage: npm run token'],
    [['olivia', 'adam'], 'Usage: npm run token'],
    [['olivia', '--admin'], 'Usage: npm run token'],
    [['olivia', '--email', 'staff@localhost'], 'is no address'],
    [['olivia', '--hours', '0'], '--hours must be'],
    [['bidi\u202eevil'], 'The user id must be'],
  ])('given %j, then it says what is wrong in one line, exit 1', (args, message) => {
    const refused = token(args, { DATA_DIR: '/nonexistent', AUTH_JWT_SECRET: JWT_SECRET });
    expect(refused).toEqual({ status: 1, stderr: expect.stringContaining(message) });
    expect((refused as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
  });
});
