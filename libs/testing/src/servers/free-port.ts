import { createServer, type AddressInfo, type Server } from 'node:net';

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

/** Runs `use` with a port another listener holds on every address (a start must find it busy), then lets it go. */
export async function withBusyPort<T>(use: (port: number) => Promise<T>): Promise<T> {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '0.0.0.0', resolve));
  try {
    return await use((busy.address() as AddressInfo).port);
  } finally {
    await new Promise((resolve) => busy.close(resolve));
  }
}
