import { createServer, type Server } from 'node:net';

/** Free TCP ports on 127.0.0.1, all distinct (each is held open until all are found). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((s) => {
      const address = s.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

/** A free TCP port on 127.0.0.1. Another process could still take it before it is used. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}
