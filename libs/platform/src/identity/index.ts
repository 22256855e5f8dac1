import type { Config } from '../config';
import type { ServerKeys } from '../server-keys';
import type { Clock } from '../tokens';
import { Hs256Verifier } from './hs256-verifier';
import type { JwksCacheOptions } from './jwks-cache';
import { OidcVerifier } from './oidc-verifier';
import type { TokenVerifier } from './token-verifier';

export * from './actor-claims';
export * from './hs256-verifier';
export * from './jwks-cache';
export * from './oidc-verifier';
export * from './token-refused';
export * from './token-verifier';
export * from './verified-tokens';

/** The verifier the configuration asks for: the OpenID Connect provider's keys when AUTH_ISSUER is set, else HS256. */
export function tokenVerifier(config: Config, keys: ServerKeys, clock: Clock, options: JwksCacheOptions = {}): TokenVerifier {
  if (config.oidc) return new OidcVerifier(config.oidc, config.authClockSkewSeconds, config.claims, clock, options);
  if (!keys.jwtSecret) throw new Error('No AUTH_JWT_SECRET and no AUTH_ISSUER: bearer tokens cannot be verified');
  return new Hs256Verifier(keys.jwtSecret, config.authClockSkewSeconds, config.claims, clock);
}
