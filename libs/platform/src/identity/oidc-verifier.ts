import { jwtVerify } from 'jose';
import type { ClaimRules, OidcConfig } from '../config';
import type { Claims } from '../jwt';
import type { Clock } from '../tokens';
import { callerFromClaims } from './actor-claims';
import { JwksCache, type JwksCacheOptions } from './jwks-cache';
import type { Caller, TokenVerifier } from './token-verifier';
import { VerifiedTokens } from './verified-tokens';

/**
 * Asymmetric algorithms only. HS256 is absent on purpose: a token "signed" with a provider's public
 * key as an HMAC secret must not pass (algorithm confusion), and nothing here holds a shared secret.
 */
export const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** Access tokens of an OpenID Connect provider (AUTH_ISSUER), verified with its published keys. */
export class OidcVerifier implements TokenVerifier {
  private readonly keys: JwksCache;
  private readonly tokens: VerifiedTokens;
  /** The key set the remembered tokens were checked with: when it changes, they are checked again. */
  private keysVersion: number;

  constructor(
    private readonly oidc: OidcConfig,
    private readonly skewSeconds: number,
    private readonly rules: ClaimRules,
    private readonly clock: Clock,
    options: JwksCacheOptions = {},
  ) {
    this.keys = new JwksCache(oidc.issuer, oidc.jwksUrl, clock, options);
    this.keysVersion = this.keys.version;
    this.tokens = new VerifiedTokens((token) => this.checkSignature(token), skewSeconds);
  }

  async verify(bearer: string): Promise<Caller | null> {
    if (this.keys.version !== this.keysVersion) {
      // A key the provider removed must stop vouching for the tokens it signed.
      this.tokens.clear();
      this.keysVersion = this.keys.version;
    }
    const claims = await this.tokens.claims(bearer, this.clock.now().getTime() / 1000);
    return claims ? callerFromClaims(claims, this.rules) : null;
  }

  /** Signature, issuer, audience, and the times now (the cache checks the times again on every use). */
  private async checkSignature(token: string): Promise<Claims | null> {
    try {
      const { payload } = await jwtVerify(token, this.keys.getKey, {
        algorithms: OIDC_ALGORITHMS,
        issuer: this.oidc.issuer,
        audience: this.oidc.audience,
        requiredClaims: ['sub', 'exp'],
        currentDate: this.clock.now(),
        clockTolerance: this.skewSeconds,
      });
      const { sub, exp } = payload;
      if (typeof sub !== 'string' || sub === '' || typeof exp !== 'number') return null;
      return { ...payload, sub, exp };
    } catch {
      return null;
    }
  }
}
