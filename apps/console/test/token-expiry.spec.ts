import { expiredReason, expiresAt } from '../src/auth/token-expiry';

const jwt = (claims: object) => `${b64({ alg: 'HS256' })}.${b64(claims)}.signature`;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const iso = (d: Date) => d.toISOString();

describe('Why a token was refused', () => {
  const exp = Date.UTC(2030, 0, 2, 3, 4, 5) / 1000;

  it('given a token past its exp, then the reason says it expired, and when', () => {
    expect(expiredReason(jwt({ sub: 'olivia', exp }), new Date((exp + 1) * 1000), iso))
      .toBe('your token expired at 2030-01-02T03:04:05.000Z. Sign in with a new one.');
  });

  it('given a token not yet past its exp (refused for another reason), then there is no expiry to tell', () => {
    expect(expiredReason(jwt({ sub: 'olivia', exp }), new Date((exp - 1) * 1000), iso)).toBeNull();
  });

  it('given something that is no JWT, or one without a numeric exp, then there is no expiry', () => {
    for (const token of ['not-a-token', 'a.b.c', jwt({ sub: 'x' }), jwt({ exp: '2030' }), 'a.%%%.c']) expect(expiresAt(token)).toBeNull();
  });

  it('reads the payload as base64url, UTF-8 claims included', () => {
    expect(expiresAt(jwt({ sub: 'zoë?>~', exp }))).toEqual(new Date(exp * 1000));
  });
});
