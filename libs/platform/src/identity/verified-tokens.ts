import { validAt, type Claims } from '../jwt';

/** Checks a token's signature (and whatever else does not change with time); its claims, or null. */
export type SignatureCheck = (token: string) => Claims | null | Promise<Claims | null>;

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
    let claims = this.verified.get(token);
    if (!claims) {
      const checked = await this.check(token);
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

  /** Forgets every token: their keys changed, so each is checked afresh. */
  clear(): void {
    this.verified.clear();
  }
}
