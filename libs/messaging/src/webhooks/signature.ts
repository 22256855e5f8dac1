import { createHmac, timingSafeEqual } from 'node:crypto';

/** The Standard Webhooks headers of one message. */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

const sign = (key: Buffer, id: string, timestamp: number, body: string) =>
  createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');

/**
 * `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, one per key, space-separated (the spec's
 * form for a rotation: receivers accept any signature that matches one of their keys).
 */
export function signMessage(keys: readonly Buffer[], id: string, timestamp: number, body: string): SignedHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': keys.map((key) => `v1,${sign(key, id, timestamp, body)}`).join(' '),
  };
}

export interface SignedRequest {
  id: string;
  timestamp: string;
  payload: string;
  signature: string;
}

/** Outside this window (either way) a timestamp is refused, so a captured message cannot be replayed later. */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;

export type Verdict = { valid: true } | { valid: false; reason: 'timestamp' | 'signature' };

/**
 * Checks a Standard Webhooks signature against each key. Every key and every signature given is
 * compared, each in constant time, so the time taken says nothing about which part matched.
 */
export function verifyMessage(keys: readonly Buffer[], request: SignedRequest, nowSeconds: number): Verdict {
  const timestamp = Number(request.timestamp);
  if (!/^\d{1,12}$/.test(request.timestamp) || Math.abs(nowSeconds - timestamp) > TIMESTAMP_TOLERANCE_S) {
    return { valid: false, reason: 'timestamp' };
  }
  const given = request.signature.split(' ').filter((s) => s.startsWith('v1,')).map((s) => Buffer.from(s.slice(3)));
  let matched = false;
  for (const key of keys) {
    const expected = Buffer.from(sign(key, request.id, timestamp, request.payload));
    for (const signature of given) {
      const same = signature.length === expected.length && timingSafeEqual(signature, expected);
      matched = same || matched;
    }
  }
  return matched ? { valid: true } : { valid: false, reason: 'signature' };
}
