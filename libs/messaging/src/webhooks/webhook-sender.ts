import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { checkLiteralHost, guardedLookup } from './address-guard';

export interface OutgoingWebhook {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What one request came to; `statusCode` null when no response came. */
export interface SendResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface SenderOptions {
  /** Hosts or addresses that may be internal (WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  timeoutMs?: number;
  /** Response bytes read at most; the rest is dropped. */
  maxResponseBytes?: number;
  /** Connections kept open between messages (webhookAgents); a new connection per message without. */
  agents?: { http: HttpAgent; https: HttpsAgent };
}

/**
 * Keep-alive connections for a sender. A connection is made through the guarded lookup, so its
 * address was checked when it was opened; reusing it sends to that same checked address.
 */
export function webhookAgents(): { http: HttpAgent; https: HttpsAgent } {
  const options = { keepAlive: true, maxSockets: 4, maxFreeSockets: 256, timeout: 30_000 };
  return { http: new HttpAgent(options), https: new HttpsAgent(options) };
}

export const SEND_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 64 * 1024;
const USER_AGENT = 'tenancy-webhooks/1';

/**
 * POSTs one message: no redirects (a 3xx is a failure like any non-2xx), 10 s for the whole
 * exchange, at most 64 KiB of the response read, and only to addresses the guard lets through
 * (checked on the address actually connected to). Never throws: every failure is a result.
 */
export function sendWebhook(message: OutgoingWebhook, options: SenderOptions): Promise<SendResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, latencyMs: latency(), error });
    };
    let url: URL;
    try {
      url = new URL(message.url);
      checkLiteralHost(url.hostname, options.allowedHosts);
    } catch (error) {
      finish(null, describe(error));
      return;
    }
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const agent = options.agents ? (secure ? options.agents.https : options.agents.http) : false;
    const req = send(url, {
      method: 'POST',
      headers: { ...message.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(message.body), 'user-agent': USER_AGENT },
      lookup: guardedLookup(options.allowedHosts),
      agent,
    }, (res: IncomingMessage) => {
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= maxBytes) { finish(res.statusCode ?? null, null); res.destroy(); }
      });
      res.on('end', () => finish(res.statusCode ?? null, null));
      res.on('error', (error) => finish(res.statusCode ?? null, describe(error)));
    });
    timer = setTimeout(() => {
      finish(null, `no answer within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish(null, describe(error)));
    req.end(message.body);
  });
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
