import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Claims {
  sub: string;
  staff?: boolean;
  email?: string;
  exp?: number;
  [claim: string]: unknown;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** HS256 only: the one algorithm this service accepts, so `alg` confusion cannot arise. */
export function signJwt(claims: Claims, secret: string): string {
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** The claims of a valid, unexpired token, or null. */
export function verifyJwt(token: string, secret: string, nowSeconds: number): Claims | null {
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
    if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) return null;
    return claims;
  } catch {
    return null;
  }
}
