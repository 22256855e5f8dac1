import type { ClaimRules } from '../config';
import { verifyJwt } from '../jwt';
import type { Clock } from '../tokens';
import { callerFromClaims } from './actor-claims';
import { TokenRefused } from './token-refused';
import { callerOrNull, type Caller, type TokenVerifier } from './token-verifier';
import { VerifiedTokens } from './verified-tokens';

/** The embedded mode: HS256 tokens signed with AUTH_JWT_SECRET (or the secret kept in DATA_DIR). */
export class Hs256Verifier implements TokenVerifier {
  private readonly tokens: VerifiedTokens;

  constructor(secret: string, skewSeconds: number, private readonly rules: ClaimRules, private readonly clock: Clock) {
    this.tokens = new VerifiedTokens((token) => verifyJwt(token, secret)
      ?? new TokenRefused('malformed or badly signed', 'not an HS256 token signed with AUTH_JWT_SECRET with a sub and a numeric exp'), skewSeconds);
  }

  async check(bearer: string): Promise<Caller | TokenRefused> {
    const claims = await this.tokens.claimsOrRefusal(bearer, this.clock.now().getTime() / 1000);
    return claims instanceof TokenRefused ? claims : callerFromClaims(claims, this.rules);
  }

  verify(bearer: string): Promise<Caller | null> {
    return callerOrNull(this.check(bearer));
  }

  /** The secret is always at hand. */
  signingKeysUnavailable(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
}
