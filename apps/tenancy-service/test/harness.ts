import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, type Config, type Clock, type PinoLogger, signJwt } from '@tenancy/platform';
import { createHttpApp, kafkaCommandsJoined } from '../src/http-app';

/** Strong enough for production's rule (at least 32 bytes, not a repeated word), so a test may start in production with it. */
export const JWT_SECRET = 'e2e-secret-for-tests-0123456789-abcdef';

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
  private constructor(
    readonly app: NestFastifyApplication, readonly dataDir: string, readonly config: Config, private readonly clock?: Clock,
  ) {}

  /**
   * `clock` stands in for the system clock (see `testClock`), so a test can move time forward;
   * `logger` receives the app's log, which is otherwise dropped; `requestTimeoutMs` shortens how
   * long a request may take to arrive.
   */
  static async start(
    dataDir = mkdtempSync(join(tmpdir(), 'tenancy-e2e-')), env: Record<string, string> = {},
    options: { clock?: Clock; logger?: PinoLogger; requestTimeoutMs?: number; kafkaJoined?: false } = {},
  ): Promise<TestApp> {
    const config = readConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: JWT_SECRET, ...env });
    const app = await createHttpApp(config, { logger: options.logger ?? false, clock: options.clock, requestTimeoutMs: options.requestTimeoutMs });
    // Nothing to start unless `env` has KAFKA_BROKERS: then the Kafka command consumer, which
    // joins in the background; `kafkaJoined: false` does not wait for it (a Kafka that is down).
    await app.startAllMicroservices();
    if (options.kafkaJoined !== false) await kafkaCommandsJoined(app);
    return new TestApp(app, dataDir, config, options.clock);
  }

  /** Closes the app and starts a new one on the same data, like a process restart. */
  async restart(): Promise<TestApp> {
    await this.app.close();
    return TestApp.start(this.dataDir, {}, { clock: this.clock });
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

/**
 * Test tokens are valid from now (the system clock, which every test clock starts from) for a
 * year: test clocks only move forward, by days (`testClock().advanceDays`), and stay inside that.
 */
export const TEST_TOKEN_LIFETIME_S = 366 * 24 * 60 * 60;
const expiry = () => Math.floor(Date.now() / 1000) + TEST_TOKEN_LIFETIME_S;

export const staffToken = (sub = 'staff-1') => signJwt({ sub, staff: true, exp: expiry() }, JWT_SECRET);
export const userToken = (sub: string, email?: string) =>
  signJwt({ sub, ...(email ? { email } : {}), exp: expiry() }, JWT_SECRET);
export const staff = (headers: Record<string, string> = {}): Caller => ({ token: staffToken(), headers });

export const newCompany = (overrides: Record<string, unknown> = {}) => ({
  name: 'Acme GmbH', environment: 'production', baseUrl: 'https://acme.example',
  timezone: 'Europe/Berlin', defaultLanguage: 'de-DE', contactEmail: 'ops@acme.example', ...overrides,
});

/** The system clock, shifted by however far a test has moved it. */
export function testClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advanceDays(days: number) { offsetMs += days * 24 * 60 * 60 * 1000; },
    advanceSeconds(seconds: number) { offsetMs += seconds * 1000; },
  };
}

/** A new app for each test of the enclosing describe, on a clock the test moves: `running.t` is this test's app. */
export function appPerTest() {
  const clock = testClock();
  let app: TestApp | undefined;
  beforeEach(async () => { app = await TestApp.start(undefined, {}, { clock }); });
  afterEach(async () => app?.stop());
  return { clock, get t(): TestApp { return app!; } };
}

/** Someone signed in through the identity provider, their token carrying their email. */
export interface Person { userId: string; email: string; caller: Caller }

export const person = (userId: string, email = `${userId}@acme.example`): Person =>
  ({ userId, email, caller: { token: userToken(userId, email) } });

/** A company whose first owner came in the only way there is: a staff owner invitation, accepted. */
export async function companyWithOwner(t: TestApp, owner: Person, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await t.request('POST', '/v1/companies', newCompany({ ...overrides, ownerEmail: owner.email }));
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const accepted = await t.request('POST', `/v1/invitations/${created.body.ownerInvitation.id}/accept`, undefined, owner.caller);
  if (accepted.status !== 200) throw new Error(`owner accept: ${accepted.status} ${accepted.text}`);
  return created.body.id;
}

/** Staff link a person straight in with a role. */
export async function link(t: TestApp, companyId: string, who: Person, role: string): Promise<void> {
  const res = await t.request('POST', `/v1/companies/${companyId}/members`, { userId: who.userId, email: who.email, role });
  if (res.status !== 201) throw new Error(`link: ${res.status} ${res.text}`);
}
