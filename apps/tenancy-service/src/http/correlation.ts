import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { TRACEPARENT, wellFormedTraceparent } from '../input/traceparent';
import { VISIBLE_ID } from '../input/visible-id';


/**
 * A request's id: the caller's `X-Request-Id` when it is a visible id (a proxy's, so its log and
 * ours name the request alike), else a new UUID. It is answered as `X-Request-Id`, logged as the
 * request line's `requestId`, and is the correlation when nothing else names one.
 */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const sent = single(headers['x-request-id']);
  return sent !== undefined && VISIBLE_ID.test(sent) ? sent : randomUUID();
}

/**
 * The correlation a request names, the one rule for it: `X-Correlation-Id` when sent, else the
 * trace id of a W3C `traceparent`, else the request id (`requestIdOf`: the caller's X-Request-Id,
 * else the one made for the request). It is logged with the request and kept in the metadata of
 * every event the request's command records. A malformed X-Correlation-Id gives none (commands
 * refuse it before this is asked).
 */
export function correlationOf(headers: IncomingHttpHeaders, requestId: string): string | undefined {
  const explicit = single(headers['x-correlation-id']);
  if (explicit !== undefined) return VISIBLE_ID.test(explicit) ? explicit : undefined;
  const trace = TRACEPARENT.exec(single(headers.traceparent) ?? '')?.[1];
  if (trace !== undefined && !/^0+$/.test(trace)) return trace;
  return requestId;
}

/** The caller's W3C `traceparent`, when well-formed. */
export function traceparentOf(headers: IncomingHttpHeaders): string | undefined {
  return wellFormedTraceparent(single(headers.traceparent));
}

const single = (value: string | string[] | undefined): string | undefined => Array.isArray(value) ? value.join(', ') : value;
