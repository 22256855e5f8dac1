import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../servers/process-utils';

/** The built entry point of an app (`tenancy-service`, `tenancy-projector`), built first when missing or older than a source file. */
export function builtApp(name: string): string {
  const root = repoRoot();
  const main = join(root, 'dist', 'apps', name, 'apps', name, 'src', 'main.js');
  const built = existsSync(main) ? statSync(main).mtimeMs : 0;
  if (built > newestSource([join(root, 'apps', name, 'src'), join(root, 'libs')])) return main;
  // Two test files may ask at once: one builds under the lock folder while the other waits.
  const lock = join(root, '.cache', `build-${name}.lock`);
  mkdirSync(join(root, '.cache'), { recursive: true });
  for (const started = Date.now(); ;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 5 * 60_000) throw new Error(`${lock} held for 5 minutes`);
      execFileSync('sleep', ['1']);
      if (existsSync(main) && statSync(main).mtimeMs > built) return main;
    }
  }
  try {
    execFileSync('npx', ['nest', 'build', name], { cwd: root, stdio: 'inherit', timeout: 5 * 60_000 });
  } finally {
    rmdirSync(lock);
  }
  return main;
}

function newestSource(dirs: string[]): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  dirs.forEach(visit);
  return newest;
}

export interface RunningApp {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its JSON log lines so far, parsed. */
  log(): Array<Record<string, unknown>>;
  /** Resolves with its exit code (null when a signal ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (clean-up after a test). */
  kill(): void;
}

/** A built app as its own Node process, ready once its output matches `ready`. */
export async function startApp(main: string, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 60_000): Promise<RunningApp> {
  const child = spawn(process.execPath, [main], { cwd: repoRoot(), env: { ...process.env, NODE_ENV: 'development', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })));
  const app: RunningApp = {
    child,
    output: () => output,
    log: () => output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)),
    exited,
    kill: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); },
  };
  const deadline = Date.now() + timeoutMs;
  while (!ready.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      app.kill();
      throw new Error(`${main} did not get ready within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return app;
}

/**
 * A built app run until it exits by itself (start-up refused): its exit code and everything it
 * wrote. `boundByFileModes` runs it as a process that file modes stop: the tests run as root,
 * whom none stops, so root's overrides of them are dropped (setpriv). Not another user: the
 * checkout may sit in a folder only root may enter (a fresh clone under /root or a 0700 temp folder).
 */
export async function runAppToExit(
  main: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000, { boundByFileModes = false } = {},
): Promise<{ code: number | null; output: string; lines: string[] }> {
  const command = boundByFileModes && process.getuid?.() === 0
    ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--inh-caps', '-dac_override,-dac_read_search', '--', process.execPath, main]
    : [process.execPath, main];
  const child = spawn(command[0], command.slice(1), { cwd: repoRoot(), env: { ...process.env, NODE_ENV: 'development', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, output, lines: output.split('\n').filter((line) => line !== '') };
}
