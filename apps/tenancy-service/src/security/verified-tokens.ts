import { verifyJwt, type Claims } from './jwt';

/**
 * Bearer tokens whose signature was already checked, with their claims. A client sends the
 * same token with every request, and checking its HMAC again cost more than the rest of the
 * guard. Expiry is still checked on every use; the oldest entries leave first.
 */
export class VerifiedTokens {
  private readonly verified = new Map<string, Readonly<Claims>>();

  constructor(private readonly secret: string, private readonly capacity = 1000) {}

  /** The claims of a valid, unexpired token, or null. */
  claims(token: string, nowSeconds: number): Readonly<Claims> | null {
    const known = this.verified.get(token);
    if (known) {
      if (typeof known.exp === 'number' && known.exp <= nowSeconds) {
        this.verified.delete(token);
        return null;
      }
      return known;
    }
    const claims = verifyJwt(token, this.secret, nowSeconds);
    if (claims) {
      if (this.verified.size >= this.capacity) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, Object.freeze(claims));
    }
    return claims;
  }
}
