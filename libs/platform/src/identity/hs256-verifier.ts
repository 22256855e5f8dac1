import type { ClaimRules } from '../config';
import { verifyJwt } from '../jwt';
import type { Clock } from '../tokens';
import { callerFromClaims } from './actor-claims';
import type { Caller, TokenVerifier } from './token-verifier';
import { VerifiedTokens } from './verified-tokens';

/** The embedded mode: HS256 tokens signed with AUTH_JWT_SECRET (or the secret kept in DATA_DIR). */
export class Hs256Verifier implements TokenVerifier {
  private readonly tokens: VerifiedTokens;

  constructor(secret: string, skewSeconds: number, private readonly rules: ClaimRules, private readonly clock: Clock) {
    this.tokens = new VerifiedTokens((token) => verifyJwt(token, secret), skewSeconds);
  }

  async verify(bearer: string): Promise<Caller | null> {
    const claims = await this.tokens.claims(bearer, this.clock.now().getTime() / 1000);
    return claims ? callerFromClaims(claims, this.rules) : null;
  }
}
