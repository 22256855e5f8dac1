import type { Actor } from '@tenancy/domain';
import { jwtVerify } from 'jose';
import type { ClaimRules, OidcConfig } from '../config';
import { validAt } from '../jwt';
import type { Clock } from '../tokens';
import { actorFromClaims } from './actor-claims';
import { JwksCache, type JwksCacheOptions } from './jwks-cache';
import type { TokenVerifier } from './token-verifier';

/**
 * Asymmetric algorithms only. HS256 is absent on purpose: a token "signed" with a provider's public
 * key as an HMAC secret must not pass (algorithm confusion), and nothing here holds a shared secret.
 */
export const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** Access tokens of an OpenID Connect provider (AUTH_ISSUER), verified with its published keys. */
export class OidcVerifier implements TokenVerifier {
  private readonly keys: JwksCache;

  constructor(
    private readonly oidc: OidcConfig,
    private readonly skewSeconds: number,
    private readonly rules: ClaimRules,
    private readonly clock: Clock,
    options: JwksCacheOptions = {},
  ) {
    this.keys = new JwksCache(oidc.issuer, oidc.jwksUrl, clock, options);
  }

  async verify(bearer: string): Promise<Actor | null> {
    const now = this.clock.now();
    try {
      const { payload } = await jwtVerify(bearer, this.keys.getKey, {
        algorithms: OIDC_ALGORITHMS,
        issuer: this.oidc.issuer,
        audience: this.oidc.audience,
        requiredClaims: ['sub', 'exp'],
        currentDate: now,
        clockTolerance: this.skewSeconds,
      });
      const { sub, exp, iat, nbf } = payload;
      if (typeof sub !== 'string' || sub === '' || exp === undefined) return null;
      // jose checks exp and nbf; a token issued in the future is refused too, as in the HS256 mode.
      if (!validAt({ ...payload, sub, exp, iat, nbf }, now.getTime() / 1000, this.skewSeconds)) return null;
      return actorFromClaims({ ...payload, sub }, this.rules);
    } catch {
      return null;
    }
  }
}
