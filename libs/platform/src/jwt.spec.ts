import { createHmac } from 'node:crypto';
import { signJwt, validAt, verifyJwt } from './jwt';

const SECRET = 'a-secret-long-enough-for-hs256-tests';
const NOW = 1_800_000_000;
const SKEW = 60;

/** Signed and valid at NOW under SKEW, or not. */
const accepted = (claims: Record<string, unknown>, now = NOW) => {
  const verified = verifyJwt(signJwt(claims, SECRET), SECRET);
  return verified !== null && validAt(verified, now, SKEW);
};

describe('bearer token claims', () => {
  it('given a token with no exp, then it is refused: it would never expire', () => {
    expect(accepted({ sub: 'u-1' })).toBe(false);
  });

  it.each([['a string', String(NOW + 600)], ['null', null], ['an object', { at: NOW + 600 }], ['a boolean', true]])(
    'given an exp that is %s, then it is refused', (_, exp) => {
      expect(accepted({ sub: 'u-1', exp })).toBe(false);
    });

  it('given an exp just passed, then it is accepted within the skew and refused after it', () => {
    expect(accepted({ sub: 'u-1', exp: NOW + 1 })).toBe(true);
    expect(accepted({ sub: 'u-1', exp: NOW - SKEW + 1 })).toBe(true);
    expect(accepted({ sub: 'u-1', exp: NOW - SKEW })).toBe(false);
  });

  it('given an nbf in the future, then it is refused beyond the skew and accepted within it', () => {
    expect(accepted({ sub: 'u-1', exp: NOW + 600, nbf: NOW + SKEW + 1 })).toBe(false);
    expect(accepted({ sub: 'u-1', exp: NOW + 600, nbf: NOW + SKEW })).toBe(true);
    expect(accepted({ sub: 'u-1', exp: NOW + 600, nbf: NOW - 10 })).toBe(true);
  });

  it('given an iat in the future, then it is refused beyond the skew and accepted within it', () => {
    expect(accepted({ sub: 'u-1', exp: NOW + 600, iat: NOW + SKEW + 1 })).toBe(false);
    expect(accepted({ sub: 'u-1', exp: NOW + 600, iat: NOW + SKEW })).toBe(true);
    expect(accepted({ sub: 'u-1', exp: NOW + 600, iat: NOW - 3600 })).toBe(true);
  });

  it('given an nbf or iat that is no number, then it is refused', () => {
    expect(accepted({ sub: 'u-1', exp: NOW + 600, nbf: 'now' })).toBe(false);
    expect(accepted({ sub: 'u-1', exp: NOW + 600, iat: null })).toBe(false);
  });

  it('given a skew of 0, then a token is refused the second it expires', () => {
    const claims = verifyJwt(signJwt({ sub: 'u-1', exp: NOW }, SECRET), SECRET)!;
    expect(validAt(claims, NOW - 1, 0)).toBe(true);
    expect(validAt(claims, NOW, 0)).toBe(false);
  });

  it('given a token whose header names another algorithm, then it is refused though the HMAC matches', () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'u-1', exp: NOW + 600 })}`;
    const token = `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
    expect(verifyJwt(token, SECRET)).toBeNull();
  });
});
