/// <reference lib="dom" />
// Browser code runs inside page.evaluate, so these files see the DOM types as well as Node's.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../../../libs/testing/src/servers/free-port';

export const ROOT = join(__dirname, '..', '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
const SERVICE_MAIN = join(ROOT, 'dist/apps/tenancy-service/apps/tenancy-service/src/main.js');
const CONSOLE_INDEX = join(ROOT, 'dist/console/index.html');
const SOURCES = ['apps/console/src', 'apps/console/index.html', 'apps/console/vite.config.mts', 'apps/tenancy-service/src', 'libs'];
export const SCREENSHOTS = join(ROOT, '.cache', 'console-screenshots');

/** Debian's Chromium with the flags this machine needs: no downloads, no calls home, a fresh profile. */
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Runs `npm run build` when the built service or console is missing or older than a source file. */
export function ensureBuilt(): void {
  const built = [SERVICE_MAIN, CONSOLE_INDEX].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0));
  const newestSource = Math.max(...SOURCES.map((s) => newest(join(ROOT, s))));
  if (Math.min(...built) > newestSource) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit', timeout: 8 * 60_000 });
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).filter((n) => n !== 'node_modules').map((n) => newest(join(path, n))));
}

/** The built service as `npm start` runs it, on a fresh data folder and a free port. */
export class Service {
  private constructor(
    private readonly child: ChildProcess, readonly dataDir: string, readonly port: number, readonly banner: () => string,
  ) {}

  static async start(): Promise<Service> {
    const dataDir = mkdtempSync(join(tmpdir(), 'tenancy-console-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'development' };
    for (const name of ['AUTH_JWT_SECRET', 'SERVER_KEY', 'EVENTSTORE_URL', 'MONGODB_URL', 'KAFKA_BROKERS', 'AUTH_ISSUER']) delete env[name];
    const child = spawn(process.execPath, [SERVICE_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => { output += chunk; });
    child.stderr!.on('data', (chunk) => { output += chunk; });
    const service = new Service(child, dataDir, port, () => output.replace(/\x1b\[[0-9;]*m/g, ''));
    const deadline = Date.now() + 60_000;
    while (!/Bearer \S+/.test(service.banner())) {
      if (child.exitCode !== null) throw new Error(`the service exited:\n${service.banner()}`);
      if (Date.now() > deadline) throw new Error(`the service printed no staff token in 60 s:\n${service.banner()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return service;
  }

  /** The key the service made for itself, to sign tokens for people other than the printed staff user. */
  jwtSecret(): string {
    return JSON.parse(readFileSync(join(this.dataDir, 'server-keys.json'), 'utf8')).jwtSecret;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      this.child.kill('SIGKILL');
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'tenancy-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 },
  });
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
