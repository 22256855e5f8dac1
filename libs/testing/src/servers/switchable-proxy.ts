import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (MongoDB in the outage tests) that can be switched off and on:
 * off, it drops every connection it carries and every new one at once, as a server that went
 * away does (the port stays held, so nothing else takes it meanwhile).
 */
export class SwitchableProxy {
  private readonly sockets = new Set<Socket>();
  private up = true;

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(target: { host: string; port: number }): Promise<SwitchableProxy> {
    let proxy: SwitchableProxy | undefined;
    const server = createServer((client) => proxy!.carry(client, target));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    proxy = new SwitchableProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  /** `mongodb://host:port/…` with its host and port replaced by the proxy's. */
  static targetOf(url: string): { host: string; port: number } {
    const [host, port] = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/?,]+)/.exec(url)![1].split(':');
    return { host, port: Number(port ?? 27017) };
  }

  via(url: string): string {
    return url.replace(/^([a-z+]+:\/\/(?:[^@/]*@)?)[^/?,]+/, `$1127.0.0.1:${this.port}`);
  }

  switchOff(): void {
    this.up = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  switchOn(): void {
    this.up = true;
  }

  async close(): Promise<void> {
    this.switchOff();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private carry(client: Socket, target: { host: string; port: number }): void {
    if (!this.up) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const [a, b] of [[client, upstream], [upstream, client]]) {
      this.sockets.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => { b.destroy(); this.sockets.delete(a); });
    }
  }
}
