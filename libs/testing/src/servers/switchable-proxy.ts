import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (MongoDB in the outage tests) that can be switched off and on:
 * off, it drops every connection it carries and every new one at once, as a server that went
 * away does (the port stays held, so nothing else takes it meanwhile).
 */
export class SwitchableProxy {
  private readonly sockets = new Set<Socket>();
  private mode: 'up' | 'off' | 'stalled' = 'up';

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
    this.mode = 'off';
    this.dropAll();
  }

  /**
   * Drops every connection it carries, then takes new ones and never answers on them, as a
   * server that hangs does: the client's own timeouts, or nothing, end its wait.
   */
  stall(): void {
    this.mode = 'stalled';
    this.dropAll();
  }

  /** Carries new connections again; those held by a stall are dropped. */
  switchOn(): void {
    if (this.mode === 'stalled') this.dropAll();
    this.mode = 'up';
  }

  async close(): Promise<void> {
    this.switchOff();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private carry(client: Socket, target: { host: string; port: number }): void {
    if (this.mode === 'off') {
      client.destroy();
      return;
    }
    if (this.mode === 'stalled') {
      this.sockets.add(client);
      client.resume();
      client.on('error', () => undefined).on('close', () => this.sockets.delete(client));
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
