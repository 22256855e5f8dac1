import type { IncomingHttpHeaders } from 'node:http';
import { VISIBLE_ID } from '../input/visible-id';

/** A W3C trace context header: version, 32-hex trace id, 16-hex parent span id, flags. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The correlation a request names, the one rule for it: `X-Correlation-Id` when sent (commands
 * refuse a malformed one), else the trace id of a W3C `traceparent`, else `X-Request-Id`. It is
 * logged with the request and kept in the metadata of every event the request's command records.
 */
export function correlationOf(headers: IncomingHttpHeaders): string | undefined {
  const explicit = single(headers['x-correlation-id']);
  if (explicit !== undefined) return VISIBLE_ID.test(explicit) ? explicit : undefined;
  const trace = TRACEPARENT.exec(single(headers.traceparent) ?? '')?.[1];
  if (trace !== undefined && !/^0+$/.test(trace)) return trace;
  const requestId = single(headers['x-request-id']);
  return requestId !== undefined && VISIBLE_ID.test(requestId) ? requestId : undefined;
}

/** The caller's W3C `traceparent`, when well-formed. */
export function traceparentOf(headers: IncomingHttpHeaders): string | undefined {
  const value = single(headers.traceparent);
  return value !== undefined && TRACEPARENT.test(value) && !/^..-0{32}-/.test(value) ? value : undefined;
}

const single = (value: string | string[] | undefined): string | undefined => Array.isArray(value) ? value.join(', ') : value;
