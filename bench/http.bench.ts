import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signJwt } from '@tenancy/platform';
import { fmt, report } from './report';

export const SERVICE = 'dist/apps/tenancy-service/apps/tenancy-service/src/main.js';
export const SECRET = 'bench-secret-bench-secret-bench-secret';

/**
 * The environment of a service process the bench starts: the embedded default whatever servers
 * the caller's shell names (a MONGODB_URL left from a test session would measure FerretDB instead).
 */
export function embeddedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { MONGODB_URL: _mongo, EVENTSTORE_URL: _eventStore, KAFKA_BROKERS: _kafka, ...rest } = process.env;
  return { ...rest, AUTH_JWT_SECRET: SECRET, NODE_ENV: 'development', ...extra };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

export function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

interface LoadShape { name: string; connections: number; pipelining: number }

/**
 * Two load shapes: 16 connections one request at a time (admin UIs and services waiting for
 * each answer), and NestJS's own benchmark (tools/benchmarks: 100 connections, 10 pipelined).
 */
const SHAPES: LoadShape[] = [
  { name: '16 connections', connections: 16, pipelining: 1 },
  { name: "NestJS's benchmark shape: 100 connections, 10 pipelined", connections: 100, pipelining: 10 },
];

/**
 * HTTP create-company beside its honest baseline: a bench-only route (BENCH_ROUTES=true) with the
 * same guard, body rules, validation and answer size that stores nothing, so what is left is what
 * storage and the domain cost. Listing companies beside the no-op GET /health/live. The service
 * runs in its own process (the embedded default) and the load comes from this one.
 */
export async function benchHttp(seconds: number): Promise<void> {
  for (const shape of SHAPES) await benchShape(shape, seconds);
}

async function benchShape(shape: LoadShape, seconds: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tenancy-bench-'));
  const port = await freePort();
  const service = spawn(process.execPath, [SERVICE], {
    env: embeddedEnv({ DATA_DIR: dataDir, PORT: String(port), BENCH_ROUTES: 'true' }),
    stdio: 'ignore',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/health/live`);
    // The service in its own process reads the system clock; an hour covers any run.
    const token = signJwt({ sub: 'bench', staff: true, exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET);
    const common = { connections: shape.connections, pipelining: shape.pipelining, duration: seconds };
    const authorized = { authorization: `Bearer ${token}` };
    const post = (path: string) => ({
      ...common, url: `${base}${path}`, method: 'POST' as const,
      headers: { ...authorized, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench GmbH', environment: 'staging', timezone: 'Europe/Berlin', defaultLanguage: 'de' }),
    });
    const list = { ...common, url: `${base}/v1/companies?limit=50`, headers: authorized };
    const storagelessList = { ...common, url: `${base}/bench/companies?limit=50`, headers: authorized };
    for (const warmUp of [{ ...common, url: `${base}/health/live` }, post('/bench/companies'), post('/v1/companies'), list, storagelessList]) {
      await load({ ...warmUp, duration: 2 });
    }
    const noop = await load({ ...common, url: `${base}/health/live` });
    const storageless = await load(post('/bench/companies'));
    const created = await load(post('/v1/companies'));
    const listed = await load(list);
    const storagelessListed = await load(storagelessList);
    for (const [name, result] of [['create-company', created], ['storage-less POST', storageless], ['list companies', listed], ['storage-less GET', storagelessListed]] as const) {
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name} had ${result.non2xx} non-2xx and ${result.errors} errors`);
    }
    console.log(`HTTP, ${shape.name} (${seconds} s each, service in its own process, SQLite embedded)`);
    const line = (name: string, r: autocannon.Result, extra = '') =>
      console.log(`  ${name.padEnd(27)} ${fmt(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms${extra}`);
    line('no-op GET /health/live:', noop);
    line('storage-less POST:', storageless);
    line('POST /v1/companies:', created, ` (${created.requests.total} companies)`);
    line('GET /v1/companies?limit=50:', listed);
    // Not a goal: how far the framework alone (guard, query rules, a page of 50 serialised) is from the no-op GET.
    line('storage-less GET, 50 items:', storagelessListed, ` (${(storagelessListed.requests.average / noop.requests.average).toFixed(2)}× the no-op GET)`);
    const goals = shape.connections === 16;
    report(`create-company, ${shape.name}`, created.requests.average, 'req/s', { name: 'storage-less POST', value: storageless.requests.average }, goals ? { ratio: 0.7 } : undefined);
    report(`list companies, ${shape.name}`, listed.requests.average, 'req/s', { name: 'no-op GET', value: noop.requests.average }, goals ? { ratio: 0.5 } : undefined);
    report(`list companies beside a storage-less GET, ${shape.name}`, listed.requests.average, 'req/s', { name: 'storage-less GET, 50 items', value: storagelessListed.requests.average });
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
