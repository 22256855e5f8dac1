import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signJwt } from '@tenancy/platform';
import { fmt, report } from './report';

const SERVICE = 'dist/apps/tenancy-service/apps/tenancy-service/src/main.js';
const SECRET = 'bench-secret-bench-secret-bench-secret';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function load(options: autocannon.Options): Promise<autocannon.Result> {
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
 * HTTP create-company beside a no-op route (GET /health/live) of the same app, with the
 * service in its own process (the embedded default) and the load from this one.
 */
export async function benchHttp(seconds: number): Promise<void> {
  for (const shape of SHAPES) await benchShape(shape, seconds);
}

async function benchShape(shape: LoadShape, seconds: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tenancy-bench-'));
  const port = await freePort();
  const service = spawn(process.execPath, [SERVICE], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), AUTH_JWT_SECRET: SECRET, NODE_ENV: 'development' },
    stdio: 'ignore',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/health/live`);
    // The service in its own process reads the system clock; an hour covers any run.
    const token = signJwt({ sub: 'bench', staff: true, exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET);
    const common = { connections: shape.connections, pipelining: shape.pipelining, duration: seconds };
    const create = {
      ...common, url: `${base}/v1/companies`, method: 'POST' as const,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench GmbH', environment: 'staging', timezone: 'Europe/Berlin', defaultLanguage: 'de' }),
    };
    await load({ ...common, duration: 2, url: `${base}/health/live` });
    await load({ ...create, duration: 2 });
    const noop = await load({ ...common, url: `${base}/health/live` });
    const created = await load(create);
    if (created.non2xx > 0 || created.errors > 0) throw new Error(`create-company had ${created.non2xx} non-2xx and ${created.errors} errors`);
    console.log(`HTTP, ${shape.name} (${seconds} s each, service in its own process, SQLite embedded)`);
    console.log(`  no-op GET /health/live: ${fmt(noop.requests.average)} req/s, p50 ${noop.latency.p50} ms, p99 ${noop.latency.p99} ms`);
    console.log(`  POST /v1/companies:     ${fmt(created.requests.average)} req/s, p50 ${created.latency.p50} ms, p99 ${created.latency.p99} ms (${created.requests.total} companies)`);
    report('create-company throughput', created.requests.average, 'req/s', { name: 'no-op', value: noop.requests.average }, { ratio: 0.4 });
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
