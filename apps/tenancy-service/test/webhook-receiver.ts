import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** A message as the receiver took it: verified with the standardwebhooks package, a verifier we did not write. */
export interface Received {
  id: string;
  timestamp: number;
  signatures: number;
  body: { eventId: string; type: string; companyId: string; revision: number; data: Record<string, unknown> };
}

/**
 * An integrator's endpoint on 127.0.0.1: it verifies every message with the secret(s) it holds
 * and answers 204, or 503 while `down`, or 401 when no secret verifies. `delayMs` makes it slow.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Every request, answered or not. */
  requests = 0;
  refusedSignatures = 0;
  down = false;
  delayMs = 0;
  private secrets: string[] = [];

  private constructor(private readonly server: Server, private readonly now: () => Date) {}

  /** `now`: the service's clock, which the library's timestamp check must agree with. */
  static async start(now: () => Date): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver;
    const server = createServer((req, res) => void receiver.handle(req, res));
    receiver = new WebhookReceiver(server, now);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/tenancy`;
  }

  /** The secrets it verifies with, as Standard Webhooks libraries take them (`whsec_...`). */
  trust(...secrets: string[]): void {
    this.secrets = secrets;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const payload = Buffer.concat(chunks).toString('utf8');
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.down) { res.writeHead(503).end('down for maintenance'); return; }
    const headers = req.headers as Record<string, string>;
    if (!this.secrets.some((secret) => this.verifies(secret, payload, headers))) {
      this.refusedSignatures += 1;
      res.writeHead(401).end();
      return;
    }
    this.received.push({
      id: headers['webhook-id'], timestamp: Number(headers['webhook-timestamp']),
      signatures: headers['webhook-signature'].split(' ').length, body: JSON.parse(payload),
    });
    res.writeHead(204).end();
  }

  private verifies(secret: string, payload: string, headers: Record<string, string>): boolean {
    // The library checks the timestamp against Date.now(); the service signs with its own clock.
    const [realNow, serviceNow] = [Date.now, this.now().getTime()];
    Date.now = () => serviceNow;
    try {
      new Webhook(secret).verify(payload, headers);
      return true;
    } catch {
      return false;
    } finally {
      Date.now = realNow;
    }
  }
}
