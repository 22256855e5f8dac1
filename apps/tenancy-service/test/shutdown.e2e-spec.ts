/*
 * SIGTERM while requests keep coming: the built service, in its own process, stops accepting,
 * answers every request it took in full, lets the read models catch up, closes its stores and
 * exits 0 within SHUTDOWN_TIMEOUT_MS.
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores, readConfig } from '@tenancy/platform';
import { companiesProjection } from '@tenancy/projections';
import { builtApp, startApp } from '../../../libs/testing/src/processes/built-app';
import { freePorts } from '../../../libs/testing/src/servers/free-port';
import { JWT_SECRET, newCompany, staffToken } from './harness';

jest.setTimeout(180_000);

const SHUTDOWN_TIMEOUT_MS = 8000;
const CLIENTS = 6;

type Outcome = { status: number; body: { id?: string } } | { error: string };

/** One POST on a connection of its own: a complete answer, or the connection error. */
function createCompany(port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(newCompany());
    const req = httpRequest({
      host: '127.0.0.1', port, method: 'POST', path: '/v1/companies', agent: false,
      headers: { authorization: `Bearer ${staffToken()}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => {
        try { resolve({ status: res.statusCode!, body: JSON.parse(text) }); } catch { resolve({ error: `incomplete body: ${text.length} bytes` }); }
      });
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: `response: ${error.code ?? error.message}` }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(payload);
  });
}

describe('The service on SIGTERM under load', () => {
  let dataDir: string;
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given clients creating companies, when SIGTERM comes, then every request taken is answered in full, nothing is lost, and it exits 0 in time', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tenancy-shutdown-'));
    const [port] = await freePorts(1);
    const service = await startApp(builtApp('tenancy-service'), {
      DATA_DIR: dataDir, PORT: String(port), AUTH_JWT_SECRET: JWT_SECRET, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      MONGODB_URL: '', EVENTSTORE_URL: '', KAFKA_BROKERS: '', LOG_LEVEL: 'info',
    }, /Listening on/);
    try {
      const outcomes: Outcome[] = [];
      let closed = false;
      const clients = Array.from({ length: CLIENTS }, async () => {
        // Until the server refuses connections: then it has stopped accepting.
        while (!closed) {
          const outcome = await createCompany(port);
          outcomes.push(outcome);
          if ('error' in outcome && outcome.error === 'ECONNREFUSED') closed = true;
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const inFlightAtSignal = outcomes.length;
      const signalledAt = Date.now();
      service.child.kill('SIGTERM');
      const exit = await service.exited;
      const exitMs = Date.now() - signalledAt;
      closed = true;
      await Promise.all(clients);

      const answered = outcomes.filter((o): o is Extract<Outcome, { status: number }> => 'status' in o);
      const failed = outcomes.filter((o): o is { error: string } => 'error' in o);
      process.stdout.write(`[shutdown] ${answered.length} answered (${answered.length - inFlightAtSignal} after SIGTERM; `
        + `${answered.filter((o) => o.status === 503).length} with 503), `
        + `${failed.length} refused (${[...new Set(failed.map((f) => f.error))].join(', ')}), exit ${exit.code} after ${exitMs} ms\n`);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
      expect(answered.length).toBeGreaterThan(inFlightAtSignal);
      // Every answer complete: created, or (a connection that came in while closing) 503, which changes nothing.
      expect([...new Set(answered.map((o) => o.status))].filter((status) => status !== 201 && status !== 503)).toEqual([]);
      const created = answered.filter((o) => o.status === 201);
      // The rest failed to connect: refused, or reset while still in the listen backlog as it closed.
      // That none of them was taken and then dropped, the event log below shows.
      expect(failed.map((f) => f.error).filter((error) => error !== 'ECONNREFUSED' && error !== 'ECONNRESET')).toEqual([]);

      // Nothing lost and nothing extra: exactly the companies answered are in the log and in the read model.
      const stores = await openStores(readConfig({ DATA_DIR: dataDir }));
      try {
        const { events } = await stores.events.readAll(0n, 1_000_000);
        const recorded = events.filter((e) => e.type === 'CompanyCreated').map((e) => e.data.companyId as string);
        expect(new Set(recorded)).toEqual(new Set(created.map((o) => o.body.id)));
        expect(await stores.readModels.checkpoint(companiesProjection.name)).toBe(await stores.events.headPosition());
        for (const id of recorded) expect(await stores.readModels.get(companiesProjection.name, id)).not.toBeNull();
      } finally {
        await stores.close();
      }
      expect(service.log().some((line) => /^SIGTERM: shutting down/.test(String(line.msg)))).toBe(true);
    } finally {
      service.kill();
    }
  });
});
