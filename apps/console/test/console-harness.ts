/// <reference lib="dom" />
// Browser code runs inside page.evaluate, so these files see the DOM types as well as Node's.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../../../libs/testing/src/servers/free-port';
import { machineClockEnv } from '../../../libs/testing/src/servers/process-utils';

export const ROOT = join(__dirname, '..', '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
const SERVICE_MAIN = join(ROOT, 'dist/apps/tenancy-service/apps/tenancy-service/src/main.js');
const CONSOLE_INDEX = join(ROOT, 'dist/console/index.html');
const SOURCES = ['apps/console/src', 'apps/console/index.html', 'apps/console/vite.config.mts', 'apps/tenancy-service/src', 'libs'];
export const SCREENSHOTS = join(ROOT, '.cache', 'console-screenshots');

/** `describe` when Chromium is installed (CI installs it: tools/chromium/install.sh), else a skip that says why. */
export function withChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return describe(name, body);
  console.log(`skipped "${name}": no ${CHROMIUM} (bash tools/chromium/install.sh)`);
  describe.skip(name, body);
}

/** Debian's Chromium with the flags this machine needs: no downloads, no calls home, a fresh profile. */
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/**
 * Runs `npm run build` when the built service or console is missing or older than a source file.
 * Both browser suites may ask at once, so one builds under a lock folder while the other waits.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(ROOT, '.cache', 'console-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than any build is left by a killed run.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${lock} is still held after 10 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    const built = [SERVICE_MAIN, CONSOLE_INDEX].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0));
    const newestSource = Math.max(...SOURCES.map((s) => newest(join(ROOT, s))));
    if (Math.min(...built) > newestSource) return;
    // Without jest's NODE_ENV=test, so Vite makes the same production bundle `npm run build` makes.
    const { NODE_ENV: _test, ...env } = process.env;
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, env, stdio: 'inherit', timeout: 8 * 60_000 });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).filter((n) => n !== 'node_modules').map((n) => newest(join(path, n))));
}

/** The built service as `npm start` runs it, on a fresh data folder and a free port. */
export class Service {
  private constructor(private readonly process: Running, readonly dataDir: string, readonly port: number) {}

  static async start(options: { port?: number; env?: Record<string, string> } = {}): Promise<Service> {
    const dataDir = mkdtempSync(join(tmpdir(), 'tenancy-console-'));
    const port = options.port ?? await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'development' };
    for (const name of ['AUTH_JWT_SECRET', 'SERVER_KEY', 'EVENTSTORE_URL', 'MONGODB_URL', 'KAFKA_BROKERS', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL']) delete env[name];
    Object.assign(env, options.env);
    // Ready once the banner has printed the staff token, or the issuer it takes tokens from (the last thing main.ts logs).
    return new Service(await startProcess([SERVICE_MAIN], /Bearer \S+|Accepting bearer tokens of/, env), dataDir, port);
  }

  /** What the service printed, without colours. */
  banner(): string {
    return this.process.output().replace(/\x1b\[[0-9;]*m/g, '');
  }

  /** The key the service made for itself, to sign tokens for people other than the printed staff user. */
  jwtSecret(): string {
    return JSON.parse(readFileSync(join(this.dataDir, 'server-keys.json'), 'utf8')).jwtSecret;
  }

  async stop(): Promise<void> {
    await this.process.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

interface Running { output: () => string; stop: () => Promise<void> }

/** A Node process of ours, ready once its output matches `ready`. */
export async function startProcess(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<Running> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const deadline = Date.now() + 60_000;
  while (!ready.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not start within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'tenancy-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 }, env: machineClockEnv(),
  });
  // Only this machine's loopback is reachable; a page asking for anything else (a web font, say) is refused here.
  await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => route.abort());
  return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/** Writes `<name>-1280.png` and `<name>-360.png`, then scans the page with axe-core. */
export async function screenshotAndScan(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await page.evaluate(() => new Promise(requestAnimationFrame));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  const serious = await accessibilityProblems(page);
  if (serious.length > 0) throw new Error(`axe-core on "${name}":\n${serious.join('\n')}`);
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations. Evaluated over CDP, so the console's CSP stays as it is. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: any) => n.target.join(' ')) }));
  }) as { id: string; impact: string; help: string; targets: string[] }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.slice(0, 3).join(', ')})`);
}

const JSQR = readFileSync(require.resolve('jsqr/dist/jsQR.js'), 'utf8');

/** Reads a QR code from a PNG screenshot the way a camera app would: from the pixels alone. */
export async function decodeQr(context: BrowserContext, png: Buffer): Promise<string | null> {
  const page = await context.newPage();
  try {
    await page.evaluate(JSQR);
    return await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context2d = canvas.getContext('2d')!;
      context2d.drawImage(image, 0, 0);
      const pixels = context2d.getImageData(0, 0, image.width, image.height);
      return (window as any).jsQR(pixels.data, image.width, image.height)?.data ?? null;
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
}

// Small waits on the page, so a slow, shared machine only makes the test slower, never wrong.
type Locator = ReturnType<Page['locator']>;
export const expectVisible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
export async function expectText(locator: Locator, text: string | RegExp) {
  await until(async () => {
    const all = await locator.allInnerTexts();
    return all.some((t) => (typeof text === 'string' ? t.includes(text) : text.test(t)));
  }, () => `text ${text} in ${locator}`);
}
export async function expectAttribute(locator: Locator, name: string, value: string) {
  await until(async () => (await locator.getAttribute(name)) === value, () => `${name}="${value}" on ${locator}`);
}
export async function expectCount(locator: Locator, count: number) {
  await until(async () => (await locator.count()) === count, () => `${count} of ${locator}`);
}
export async function until(check: () => Promise<boolean>, what: () => string = () => 'a condition', timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An answer of the service's API, read as the tests read it: status, JSON body, the service's clock. */
export interface ApiAnswer { status: number; body: any; date: Date }

/**
 * The built service and a browser page on its console, as a new user finds them: the console's
 * address and a staff token read from the start-up banner; `api` calls the same service directly.
 */
export async function openConsole(env?: Record<string, string>) {
  const service = await Service.start({ env });
  const browser = await launchBrowser();
  const consoleUrl = /console at (http:\S+\/console\/)/.exec(service.banner())![1];
  const origin = new URL(consoleUrl).origin;
  const page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  const api = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> => {
    const res = await fetch(`${origin}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => undefined), date: new Date(res.headers.get('date')!) };
  };
  return {
    service, browser, context: browser.context, page, consoleUrl, origin, api,
    staffToken: /Bearer ([\w.-]+)/.exec(service.banner())![1],
    async close() {
      await browser.close();
      await service.stop();
    },
  };
}
