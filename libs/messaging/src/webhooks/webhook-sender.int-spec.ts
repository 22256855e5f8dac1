import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendWebhook } from './webhook-sender';

describe('Sending one webhook', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url!);
      if (req.url === '/redirect') res.writeHead(307, { location: '/elsewhere' }).end();
      else if (req.url === '/slow') setTimeout(() => res.writeHead(204).end(), 2000);
      else if (req.url === '/huge') { res.writeHead(200); res.write(Buffer.alloc(1024 * 1024)); setTimeout(() => res.end(), 2000); }
      else if (req.url === '/announced-huge') { res.writeHead(202, { 'content-length': 1024 * 1024 }); res.write('{}'); }
      else if (req.url === '/slow-body') { res.writeHead(200); res.write('{'); setTimeout(() => res.end('}'), 2000); }
      else res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { server.closeAllConnections(); await new Promise((resolve) => server.close(resolve)); });

  const send = (path: string, options: { timeoutMs?: number; allowedHosts?: string[] } = {}) =>
    sendWebhook({ url: `${base}${path}`, headers: { 'webhook-id': 'm1' }, body: '{}' }, { allowedHosts: ['127.0.0.1'], ...options });

  it('given a redirect, then it is a failed attempt and the redirect is not followed', async () => {
    expect(await send('/redirect')).toMatchObject({ statusCode: 307, error: null });
    expect(seen).not.toContain('/elsewhere');
  });

  it('given no answer in time, then the attempt ends with no status', async () => {
    expect(await send('/slow', { timeoutMs: 200 })).toMatchObject({ statusCode: null, error: 'no answer within 200 ms' });
  });

  it('given a huge response, then only the first 64 KiB are read and the attempt ends at once', async () => {
    const result = await send('/huge');
    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(result.latencyMs).toBeLessThan(1500);
  });

  it('given a response announcing more than 64 KiB, then it is not read and the attempt ends at once with its status', async () => {
    const result = await send('/announced-huge');
    expect(result).toMatchObject({ statusCode: 202, error: null });
    expect(result.latencyMs).toBeLessThan(1500);
  });

  it('given a status in time but a body that is not, then the whole exchange is bounded and the status decides, with no error', async () => {
    // A second for the status to come (200 ms was too short for a loaded CI machine); the body ends only after 2 s.
    const result = await send('/slow-body', { timeoutMs: 1000 });
    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(result.latencyMs).toBeLessThan(1900);
  });

  it('given loopback without the allow-list, then nothing is sent', async () => {
    const before = seen.length;
    expect(await send('/', { allowedHosts: [] })).toMatchObject({ statusCode: null, error: expect.stringContaining('WEBHOOK_ALLOWED_HOSTS') });
    expect(seen).toHaveLength(before);
  });
});
