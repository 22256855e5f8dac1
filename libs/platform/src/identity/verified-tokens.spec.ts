import { signJwt, verifyJwt } from '../jwt';
import { VerifiedTokens } from './verified-tokens';

const SECRET = 'a-secret-long-enough-for-hs256-tests';
const SKEW = 60;
const EXP = 5000;
const hs256 = (secret: string) => (token: string) => verifyJwt(token, secret);

describe('verified bearer tokens', () => {
  it('given a valid token, when it is used again, then the same claims come back', async () => {
    const tokens = new VerifiedTokens(hs256(SECRET), SKEW);
    const token = signJwt({ sub: 'u-1', staff: true, exp: EXP }, SECRET);
    expect(await tokens.claims(token, 1000)).toMatchObject({ sub: 'u-1', staff: true });
    expect(await tokens.claims(token, 1001)).toMatchObject({ sub: 'u-1', staff: true });
  });

  it('given a token that was valid when first seen, when it is used after it expired, then it is refused', async () => {
    const tokens = new VerifiedTokens(hs256(SECRET), SKEW);
    const token = signJwt({ sub: 'u-1', exp: 2000 }, SECRET);
    expect(await tokens.claims(token, 1999)).not.toBeNull();
    expect(await tokens.claims(token, 2000 + SKEW)).toBeNull();
    expect(await tokens.claims(token, 1999)).not.toBeNull();
  });

  it('given a token not yet valid when first seen, when it is used once its nbf has come, then it passes', async () => {
    const tokens = new VerifiedTokens(hs256(SECRET), SKEW);
    const token = signJwt({ sub: 'u-1', nbf: 2000, exp: EXP }, SECRET);
    expect(await tokens.claims(token, 2000 - SKEW - 1)).toBeNull();
    expect(await tokens.claims(token, 2000)).toMatchObject({ sub: 'u-1' });
  });

  it('given a token signed with another secret, then it is refused every time', async () => {
    const tokens = new VerifiedTokens(hs256(SECRET), SKEW);
    const forged = signJwt({ sub: 'u-1', staff: true, exp: EXP }, 'another-secret-another-secret');
    expect(await tokens.claims(forged, 1000)).toBeNull();
    expect(await tokens.claims(forged, 1000)).toBeNull();
  });

  it('given more tokens than it keeps, then the oldest are checked afresh and still pass', async () => {
    const tokens = new VerifiedTokens(hs256(SECRET), SKEW, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((sub) => signJwt({ sub, exp: EXP }, SECRET));
    for (const token of [a, b, c]) await tokens.claims(token, 1000);
    expect(await tokens.claims(a, 1000)).toMatchObject({ sub: 'a' });
  });

  it('given cached claims, then they cannot be changed by whoever received them', async () => {
    const tokens = new VerifiedTokens(hs256(SECRET), SKEW);
    const token = signJwt({ sub: 'u-1', staff: false, exp: EXP }, SECRET);
    const claims = (await tokens.claims(token, 1000)) as { staff?: boolean };
    expect(() => { claims.staff = true; }).toThrow(TypeError);
    expect(await tokens.claims(token, 1000)).toMatchObject({ staff: false });
  });

  it('given a token checked once, then its signature is not checked again until the keys change (clear)', async () => {
    const check = jest.fn(hs256(SECRET));
    const tokens = new VerifiedTokens(check, SKEW);
    const token = signJwt({ sub: 'u-1', exp: EXP }, SECRET);
    await tokens.claims(token, 1000);
    await tokens.claims(token, 1001);
    expect(check).toHaveBeenCalledTimes(1);
    tokens.clear();
    await tokens.claims(token, 1002);
    expect(check).toHaveBeenCalledTimes(2);
  });
});
