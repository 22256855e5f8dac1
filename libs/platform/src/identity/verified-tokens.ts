import { validAt, verifyJwt, type Claims } from '../jwt';

/**
 * Bearer tokens whose signature was already checked, with their claims. A client sends the
 * same token with every request, and checking its HMAC again cost more than the rest of the
 * guard. Its times (`exp`, `nbf`, `iat`) are still checked on every use; the oldest entries
 * leave first.
 */
export class VerifiedTokens {
  private readonly verified = new Map<string, Readonly<Claims>>();

  constructor(private readonly secret: string, private readonly skewSeconds: number, private readonly capacity = 1000) {}

  /** The claims of a token that is signed and valid at `nowSeconds`, or null. */
  claims(token: string, nowSeconds: number): Readonly<Claims> | null {
    let claims = this.verified.get(token);
    if (!claims) {
      const checked = verifyJwt(token, this.secret);
      if (!checked) return null;
      if (this.verified.size >= this.capacity) this.verified.delete(this.verified.keys().next().value!);
      claims = Object.freeze(checked);
      this.verified.set(token, claims);
    }
    if (validAt(claims, nowSeconds, this.skewSeconds)) return claims;
    // Expired stays expired; a token not yet valid may become so.
    if (nowSeconds >= claims.exp + this.skewSeconds) this.verified.delete(token);
    return null;
  }
}
