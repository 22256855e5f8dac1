import { validAt, type Claims } from '../jwt';
import { TokenRefused } from './token-refused';

/** Checks a token's signature (and whatever else does not change with time); its claims, or why not (null: no reason known). */
export type SignatureCheck = (token: string) => Claims | TokenRefused | null | Promise<Claims | TokenRefused | null>;

/**
 * Bearer tokens whose signature was already checked, with their claims. A client sends the
 * same token with every request, and checking its signature again cost more than the rest of the
 * guard (an HMAC; ten times more for the OpenID Connect provider's RSA, EC and EdDSA keys). Its
 * times (`exp`, `nbf`, `iat`) are still checked on every use; the oldest entries leave first.
 */
export class VerifiedTokens {
  private readonly verified = new Map<string, Readonly<Claims>>();

  constructor(private readonly check: SignatureCheck, private readonly skewSeconds: number, private readonly capacity = 1000) {}

  /** The claims of a token that is signed and valid at `nowSeconds`, or null. */
  async claims(token: string, nowSeconds: number): Promise<Readonly<Claims> | null> {
    const result = await this.claimsOrRefusal(token, nowSeconds);
    return result instanceof TokenRefused ? null : result;
  }

  /** The claims of a token that is signed and valid at `nowSeconds`, or why it is not. */
  async claimsOrRefusal(token: string, nowSeconds: number): Promise<Readonly<Claims> | TokenRefused> {
    let claims = this.verified.get(token);
    if (!claims) {
      const checked = await this.check(token);
      if (checked === null) return new TokenRefused('malformed or badly signed');
      if (checked instanceof TokenRefused) return checked;
      if (this.verified.size >= this.capacity) this.verified.delete(this.verified.keys().next().value!);
      claims = Object.freeze(checked);
      this.verified.set(token, claims);
    }
    if (validAt(claims, nowSeconds, this.skewSeconds)) return claims;
    // Expired stays expired; a token not yet valid may become so.
    if (nowSeconds >= claims.exp + this.skewSeconds) this.verified.delete(token);
    return this.whyNotValid(claims, nowSeconds);
  }

  /** Forgets every token: their keys changed, so each is checked afresh. */
  clear(): void {
    this.verified.clear();
  }

  private whyNotValid(claims: Claims, nowSeconds: number): TokenRefused {
    const at = (seconds: number) => new Date(seconds * 1000).toISOString();
    const leeway = `now ${at(nowSeconds)}, AUTH_CLOCK_SKEW_S ${this.skewSeconds}`;
    if (nowSeconds >= claims.exp + this.skewSeconds) return new TokenRefused('expired', `expired at ${at(claims.exp)} (${leeway})`);
    if (claims.nbf !== undefined && claims.nbf - this.skewSeconds > nowSeconds) return new TokenRefused('not yet valid', `not valid before ${at(claims.nbf)} (${leeway})`);
    return new TokenRefused('issued in the future', `issued at ${at(claims.iat ?? nowSeconds)} (${leeway})`);
  }
}
