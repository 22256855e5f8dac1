import { signJwt } from '../jwt';
import { VerifiedTokens } from './verified-tokens';

const SECRET = 'a-secret-long-enough-for-hs256-tests';
const SKEW = 60;
const EXP = 5000;

describe('verified bearer tokens', () => {
  it('given a valid token, when it is used again, then the same claims come back', () => {
    const tokens = new VerifiedTokens(SECRET, SKEW);
    const token = signJwt({ sub: 'u-1', staff: true, exp: EXP }, SECRET);
    expect(tokens.claims(token, 1000)).toMatchObject({ sub: 'u-1', staff: true });
    expect(tokens.claims(token, 1001)).toMatchObject({ sub: 'u-1', staff: true });
  });

  it('given a token that was valid when first seen, when it is used after it expired, then it is refused', () => {
    const tokens = new VerifiedTokens(SECRET, SKEW);
    const token = signJwt({ sub: 'u-1', exp: 2000 }, SECRET);
    expect(tokens.claims(token, 1999)).not.toBeNull();
    expect(tokens.claims(token, 2000 + SKEW)).toBeNull();
    expect(tokens.claims(token, 1999)).not.toBeNull();
  });

  it('given a token not yet valid when first seen, when it is used once its nbf has come, then it passes', () => {
    const tokens = new VerifiedTokens(SECRET, SKEW);
    const token = signJwt({ sub: 'u-1', nbf: 2000, exp: EXP }, SECRET);
    expect(tokens.claims(token, 2000 - SKEW - 1)).toBeNull();
    expect(tokens.claims(token, 2000)).toMatchObject({ sub: 'u-1' });
  });

  it('given a token signed with another secret, then it is refused every time', () => {
    const tokens = new VerifiedTokens(SECRET, SKEW);
    const forged = signJwt({ sub: 'u-1', staff: true, exp: EXP }, 'another-secret-another-secret');
    expect(tokens.claims(forged, 1000)).toBeNull();
    expect(tokens.claims(forged, 1000)).toBeNull();
  });

  it('given more tokens than it keeps, then the oldest are checked afresh and still pass', () => {
    const tokens = new VerifiedTokens(SECRET, SKEW, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((sub) => signJwt({ sub, exp: EXP }, SECRET));
    for (const token of [a, b, c]) tokens.claims(token, 1000);
    expect(tokens.claims(a, 1000)).toMatchObject({ sub: 'a' });
  });

  it('given cached claims, then they cannot be changed by whoever received them', () => {
    const tokens = new VerifiedTokens(SECRET, SKEW);
    const token = signJwt({ sub: 'u-1', staff: false, exp: EXP }, SECRET);
    const claims = tokens.claims(token, 1000) as { staff?: boolean };
    expect(() => { claims.staff = true; }).toThrow(TypeError);
    expect(tokens.claims(token, 1000)).toMatchObject({ staff: false });
  });
});
