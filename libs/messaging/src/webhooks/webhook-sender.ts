import { performance } from 'node:perf_hooks';
import { Agent, request, type Dispatcher } from 'undici';
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
  /** Keep-alive connections (webhookConnections); without, one connection for this message only. */
  connections?: Dispatcher;
}

export const SEND_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 64 * 1024;
const USER_AGENT = 'tenancy-webhooks/1';

/**
 * Keep-alive connections to receivers. Each connection is opened through the guarded lookup, so
 * its address was checked when it was made; reusing it sends to that same checked address.
 */
export function webhookConnections(allowedHosts: readonly string[]): Agent {
  return new Agent({
    connect: { lookup: guardedLookup(allowedHosts), timeout: SEND_TIMEOUT_MS },
    connections: 4, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000,
  });
}

/**
 * POSTs one message: no redirects (a 3xx is a failure like any non-2xx), 10 s for the whole
 * exchange, at most 64 KiB of the response read, and only to addresses the guard lets through
 * (checked on the address actually connected to). Never throws: every failure is a result.
 */
export async function sendWebhook(message: OutgoingWebhook, options: SenderOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): SendResult =>
    ({ statusCode, latencyMs: Math.round(performance.now() - started), error });
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  try {
    checkLiteralHost(new URL(message.url).hostname, options.allowedHosts);
  } catch (error) {
    return done(null, describe(error));
  }
  const dispatcher = options.connections ?? webhookConnections(options.allowedHosts);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let statusCode: number | null = null;
  try {
    const res = await request(message.url, {
      method: 'POST', dispatcher, signal: abort.signal,
      headers: { ...message.headers, 'content-type': 'application/json', 'user-agent': USER_AGENT },
      body: message.body,
    });
    statusCode = res.statusCode;
    let read = 0;
    for await (const chunk of res.body) {
      read += (chunk as Buffer).length;
      if (read >= maxBytes) { res.body.destroy(); break; }
    }
    return done(statusCode, null);
  } catch (error) {
    return done(statusCode, abort.signal.aborted ? `no answer within ${timeoutMs} ms` : describe(error));
  } finally {
    clearTimeout(timer);
    if (!options.connections) void dispatcher.close().catch(() => undefined);
  }
}

/** undici wraps connection errors; the cause says what happened (e.g. the refused address). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}
