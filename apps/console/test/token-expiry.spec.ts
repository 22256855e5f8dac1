import { expiredReason, expiresAt, expiryWarning } from '../src/auth/token-expiry';

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

describe('Warning the holder of a pasted token before it expires', () => {
  const exp = Date.UTC(2030, 0, 2, 3, 4, 5) / 1000;
  const token = jwt({ sub: 'olivia', exp });
  const at = (secondsBeforeExpiry: number) => new Date((exp - secondsBeforeExpiry) * 1000);

  it('given more than five minutes left, then no warning yet, and a look again when five are left', () => {
    expect(expiryWarning(token, at(3600), iso)).toEqual({ warning: null, recheckInMs: 3300_000 });
  });

  it('given five minutes or less left, then it says when the token expires and what to do, and looks again at expiry', () => {
    for (const left of [300, 60, 1]) {
      expect(expiryWarning(token, at(left), iso)).toEqual({
        warning: 'Your token expires at 2030-01-02T03:04:05.000Z. To keep working, sign out and sign in with a new one before then.',
        recheckInMs: left * 1000,
      });
    }
  });

  it('given the token has expired, then it says so, and nothing changes after that', () => {
    expect(expiryWarning(token, at(0), iso)).toEqual({
      warning: 'Your token expired at 2030-01-02T03:04:05.000Z. Sign out and sign in with a new one.', recheckInMs: null,
    });
  });

  it('given a token without exp, then never a warning', () => {
    expect(expiryWarning(jwt({ sub: 'staff' }), at(0), iso)).toEqual({ warning: null, recheckInMs: null });
  });
});
