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
  const refused = literalHostRefusal(message.url, options.allowedHosts);
  if (refused !== null) return done(null, refused);
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
    // Reads at most maxBytes, then drops the connection (a longer announced body is not read at all).
    await res.body.dump({ limit: maxBytes, signal: abort.signal });
    return done(statusCode, null);
  } catch (error) {
    return done(statusCode, abort.signal.aborted ? `no answer within ${timeoutMs} ms` : describe(error));
  } finally {
    clearTimeout(timer);
    if (!options.connections) void dispatcher.close().catch(() => undefined);
  }
}

/**
 * Why the URL's host, when it is an IP literal, may not be reached (null: it may, or it is a name,
 * checked after DNS). An address's ranges never change, so each URL is checked once per allow-list:
 * the check showed in profiles of delivery at a few hundred messages a second.
 */
function literalHostRefusal(url: string, allowedHosts: readonly string[]): string | null {
  const key = `${allowedHosts.join(',')} ${url}`;
  let refusal = literalChecks.get(key);
  if (refusal === undefined) {
    try {
      checkLiteralHost(new URL(url).hostname, allowedHosts);
      refusal = null;
    } catch (error) {
      refusal = describe(error);
    }
    if (literalChecks.size >= 10_000) literalChecks.clear();
    literalChecks.set(key, refusal);
  }
  return refusal;
}
const literalChecks = new Map<string, string | null>();

/** undici wraps connection errors; the cause says what happened (e.g. the refused address). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}
