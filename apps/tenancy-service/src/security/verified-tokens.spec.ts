import { signJwt } from './jwt';
import { VerifiedTokens } from './verified-tokens';

const SECRET = 'a-secret-long-enough-for-hs256-tests';

describe('verified bearer tokens', () => {
  it('given a valid token, when it is used again, then the same claims come back', () => {
    const tokens = new VerifiedTokens(SECRET);
    const token = signJwt({ sub: 'u-1', staff: true }, SECRET);

    expect(tokens.claims(token, 1000)).toMatchObject({ sub: 'u-1', staff: true });
    expect(tokens.claims(token, 1001)).toMatchObject({ sub: 'u-1', staff: true });
  });

  it('given a token that was valid when first seen, when it is used after it expired, then it is refused', () => {
    const tokens = new VerifiedTokens(SECRET);
    const token = signJwt({ sub: 'u-1', exp: 2000 }, SECRET);

    expect(tokens.claims(token, 1999)).not.toBeNull();
    expect(tokens.claims(token, 2000)).toBeNull();
    expect(tokens.claims(token, 1999)).not.toBeNull();
  });

  it('given a token signed with another secret, then it is refused every time', () => {
    const tokens = new VerifiedTokens(SECRET);
    const forged = signJwt({ sub: 'u-1', staff: true }, 'another-secret-another-secret');

    expect(tokens.claims(forged, 1000)).toBeNull();
    expect(tokens.claims(forged, 1000)).toBeNull();
  });

  it('given more tokens than it keeps, then the oldest are checked afresh and still pass', () => {
    const tokens = new VerifiedTokens(SECRET, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((sub) => signJwt({ sub }, SECRET));

    for (const token of [a, b, c]) tokens.claims(token, 1000);

    expect(tokens.claims(a, 1000)).toMatchObject({ sub: 'a' });
  });

  it('given cached claims, then they cannot be changed by whoever received them', () => {
    const tokens = new VerifiedTokens(SECRET);
    const token = signJwt({ sub: 'u-1', staff: false }, SECRET);
    const claims = tokens.claims(token, 1000) as { staff?: boolean };

    expect(() => { claims.staff = true; }).toThrow(TypeError);
    expect(tokens.claims(token, 1000)).toMatchObject({ staff: false });
  });
});
