import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, type Config } from '../src/config/config';
import { createHttpApp } from '../src/http-app';
import { signJwt } from '../src/security/jwt';

export const JWT_SECRET = 'e2e-secret-e2e-secret-e2e-secret';

export interface Response {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: any;
  text: string;
}

export interface Caller {
  token?: string;
  headers?: Record<string, string>;
}

/** The app over HTTP (fastify's inject: the whole stack without a socket) on a temp data folder. */
export class TestApp {
  private constructor(readonly app: NestFastifyApplication, readonly dataDir: string, readonly config: Config) {}

  static async start(dataDir = mkdtempSync(join(tmpdir(), 'tenancy-e2e-')), env: Record<string, string> = {}): Promise<TestApp> {
    const config = readConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: JWT_SECRET, ...env });
    const app = await createHttpApp(config, { logger: false });
    return new TestApp(app, dataDir, config);
  }

  /** Closes the app and starts a new one on the same data, like a process restart. */
  async restart(): Promise<TestApp> {
    await this.app.close();
    return TestApp.start(this.dataDir);
  }

  async stop({ keepData = false } = {}): Promise<void> {
    await this.app.close();
    if (!keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async request(method: string, url: string, body?: unknown, caller: Caller = { token: staffToken() }): Promise<Response> {
    const headers: Record<string, string> = { ...(caller.headers ?? {}) };
    if (caller.token) headers.authorization = `Bearer ${caller.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await this.app.getHttpAdapter().getInstance().inject({ method: method as 'GET', url, headers, payload });
    let parsed: unknown;
    try { parsed = res.body ? JSON.parse(res.body) : undefined; } catch { parsed = res.body; }
    return { status: res.statusCode, headers: res.headers, body: parsed, text: res.body };
  }
}

export const staffToken = (sub = 'staff-1') => signJwt({ sub, staff: true }, JWT_SECRET);
export const userToken = (sub: string, email?: string) => signJwt({ sub, ...(email ? { email } : {}) }, JWT_SECRET);
export const staff = (headers: Record<string, string> = {}): Caller => ({ token: staffToken(), headers });

export const newCompany = (overrides: Record<string, unknown> = {}) => ({
  name: 'Acme GmbH', environment: 'production', baseUrl: 'https://acme.example',
  timezone: 'Europe/Berlin', defaultLanguage: 'de-DE', contactEmail: 'ops@acme.example', ...overrides,
});
