import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '@tenancy/platform';

export interface ProjectorProbe {
  /** Holds the lease and works. */
  readonly active: boolean;
  /** Holds the lease, or waits for it with the lease store answering; false once shutting down. */
  readonly ready: boolean;
  /** The parts of the work an error ended (their names), while it holds the lease. */
  stopped(): string[];
}

/**
 * What an orchestrator and Prometheus ask the projector, on PROJECTOR_PORT: `/health/live`,
 * `/health/ready` (503 when neither working nor a healthy stand-by, or working with part of its
 * work ended by an error, the parts named in `stopped`) and `/metrics` (unless
 * METRICS_ENABLED=false). Nothing else: the projector takes no requests.
 */
export async function serveProjectorHttp(port: number, probe: ProjectorProbe, metrics: Metrics | null): Promise<Server> {
  const server = createServer((request, response) => {
    answer(request, response, probe, metrics).catch(() => json(response, 500, { status: 'error' }));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '0.0.0.0', () => resolve()));
  return server;
}

export const portOf = (server: Server) => (server.address() as AddressInfo).port;

async function answer(request: IncomingMessage, response: ServerResponse, probe: ProjectorProbe, metrics: Metrics | null): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') return json(response, 405, { status: 'method not allowed' }, { allow: 'GET, HEAD' });
  if (path === '/health/live') return json(response, 200, { status: 'ok' });
  if (path === '/health/ready') {
    const role = probe.active ? 'active' : 'standby';
    const stopped = probe.stopped();
    if (stopped.length > 0) return json(response, 503, { status: 'unavailable', role, stopped });
    return probe.ready ? json(response, 200, { status: 'ok', role }) : json(response, 503, { status: 'unavailable', role });
  }
  if (path === '/metrics' && metrics) {
    const text = await metrics.text();
    response.writeHead(200, { 'content-type': metrics.contentType() }).end(text);
    return;
  }
  json(response, 404, { status: 'not found' });
}

function json(response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
