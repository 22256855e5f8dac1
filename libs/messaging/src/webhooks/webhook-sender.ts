import { performance } from 'node:perf_hooks';
import { Agent, type Dispatcher } from 'undici';
import { checkLiteralHost, guardedLookup } from './address-guard';
import { DeadlineSweep, type Deadline } from './deadline-sweep';

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
 *
 * It uses undici's dispatcher API with a handler of our own (Exchange) rather than `request()`:
 * the response body is only counted, never made into a stream, and the 10 s bound is one shared
 * sweep rather than an AbortController and a timer per request. Sending that way (`request()`,
 * its body stream, the signal and the timer) was about a fifth of delivery's CPU in profiles; a
 * bare loop of this sender costs less than one of `request()` (docs/adr/0010-webhook-delivery-throughput.md).
 */
export function sendWebhook(message: OutgoingWebhook, options: SenderOptions): Promise<SendResult> {
  const started = performance.now();
  const target = targetOf(message.url, options.allowedHosts);
  if ('refusal' in target) return Promise.resolve({ statusCode: null, latencyMs: 0, error: target.refusal });
  const dispatcher = options.connections ?? webhookConnections(options.allowedHosts);
  return new Promise<SendResult>((resolve) => {
    const exchange = new Exchange(started, options.timeoutMs ?? SEND_TIMEOUT_MS, options.maxResponseBytes ?? MAX_RESPONSE_BYTES, (result) => {
      if (!options.connections) void dispatcher.close().catch(() => undefined);
      resolve(result);
    });
    dispatcher.dispatch({
      origin: target.origin, path: target.path, method: 'POST',
      headers: { ...message.headers, 'content-type': 'application/json', 'user-agent': USER_AGENT },
      body: message.body,
    }, exchange);
  });
}

/**
 * One request and its response, ended by whichever comes first: the whole response, an error, the
 * response passing the byte limit (the connection is dropped, a longer announced body is not read
 * at all), or the deadline. It answers once; what happens on the connection after that is only
 * cleaning up. As before, a response cut short after its status is the status (the body is not
 * ours to judge).
 */
class Exchange implements Dispatcher.DispatchHandler, Deadline {
  readonly deadline: number;
  private statusCode: number | null = null;
  private controller: Dispatcher.DispatchController | null = null;
  private bytes = 0;
  private answered = false;

  constructor(
    private readonly started: number, private readonly timeoutMs: number, private readonly maxBytes: number,
    private readonly answer: (result: SendResult) => void,
  ) {
    this.deadline = started + timeoutMs;
    deadlines.watch(this);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Timed out while waiting for a connection: nothing is written.
    if (this.answered) controller.abort(new Error('timed out'));
    else this.controller = controller;
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    if (statusCode < 200) return; // 1xx: informational, the response follows
    this.statusCode = statusCode;
    if (Number(headers['content-length']) > this.maxBytes) this.drop(controller);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) this.drop(controller);
  }

  onResponseEnd(): void {
    this.end(null);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.end(this.statusCode === null ? describe(error) : null);
  }

  expire(): void {
    // A status that came in time decides (a 2xx is delivered), as when the body breaks off: only no status at all is "no answer".
    this.end(this.statusCode === null ? `no answer within ${this.timeoutMs} ms` : null);
    this.controller?.abort(new Error('timed out'));
  }

  /** Enough of the response was read: the answer is its status, the rest is not read. */
  private drop(controller: Dispatcher.DispatchController): void {
    this.end(null);
    controller.abort(new Error('response too large'));
  }

  private end(error: string | null): void {
    if (this.answered) return;
    this.answered = true;
    deadlines.unwatch(this);
    this.answer({ statusCode: this.statusCode, latencyMs: Math.round(performance.now() - this.started), error });
  }
}

/** Every exchange's deadline, looked at ten times a second: a request ends at most 100 ms after its bound. */
const deadlines = new DeadlineSweep(100);

/**
 * Where the URL sends to, or why its host, when it is an IP literal, may not be reached (a name is
 * checked after DNS). An address's ranges never change, so each URL is parsed and checked once per
 * allow-list: both showed in profiles of delivery at a few hundred messages a second.
 */
function targetOf(url: string, allowedHosts: readonly string[]): Target {
  const key = `${allowedHosts.join(',')} ${url}`;
  let target = targets.get(key);
  if (target === undefined) {
    try {
      const parsed = new URL(url);
      checkLiteralHost(parsed.hostname, allowedHosts);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    } catch (error) {
      target = { refusal: describe(error) };
    }
    if (targets.size >= 10_000) targets.clear();
    targets.set(key, target);
  }
  return target;
}
type Target = { origin: string; path: string } | { refusal: string };
const targets = new Map<string, Target>();

/** undici wraps connection errors; the cause says what happened (e.g. the refused address). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}
