import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Claims {
  sub: string;
  staff?: boolean;
  email?: string;
  /** Expiry, seconds since the epoch: required. */
  exp: number;
  /** Not valid before, seconds since the epoch. */
  nbf?: number;
  /** Issued at, seconds since the epoch. */
  iat?: number;
  [claim: string]: unknown;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** HS256 only: the one algorithm this service accepts, so `alg` confusion cannot arise. */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/**
 * The claims of a token signed with `secret` whose times are well formed, or null; whether it
 * is valid now is `validAt`'s to say. A token without `exp` would be valid forever: refused.
 */
export function verifyJwt(token: string, secret: string): Claims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    if (alg !== 'HS256' || typeof claims.sub !== 'string' || claims.sub === '') return null;
    if (!isNumericDate(claims.exp)) return null;
    if ((claims.nbf !== undefined && !isNumericDate(claims.nbf)) || (claims.iat !== undefined && !isNumericDate(claims.iat))) return null;
    return claims;
  } catch {
    return null;
  }
}

/**
 * Valid at `nowSeconds`, allowing clocks that differ by `skewSeconds` (RFC 7519 §4.1.4–4.1.6):
 * not expired, not before its `nbf`, and not issued in the future.
 */
export function validAt(claims: Claims, nowSeconds: number, skewSeconds: number): boolean {
  return nowSeconds < claims.exp + skewSeconds
    && (claims.nbf === undefined || claims.nbf - skewSeconds <= nowSeconds)
    && (claims.iat === undefined || claims.iat - skewSeconds <= nowSeconds);
}

/** RFC 7519 NumericDate: a JSON number of seconds since the epoch. */
const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
