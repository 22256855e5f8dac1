import { decodeProtectedHeader, errors, jwtVerify, type JWTVerifyOptions } from 'jose';
import type { ClaimRules, OidcConfig } from '../config';
import type { Claims } from '../jwt';
import type { Clock } from '../tokens';
import { callerFromClaims } from './actor-claims';
import { JwksCache, type JwksCacheOptions } from './jwks-cache';
import { SigningKeysUnavailable, TokenRefused } from './token-refused';
import { callerOrNull, type Caller, type TokenVerifier } from './token-verifier';
import { VerifiedTokens } from './verified-tokens';

/**
 * Asymmetric algorithms only. HS256 is absent on purpose: a token "signed" with a provider's public
 * key as an HMAC secret must not pass (algorithm confusion), and nothing here holds a shared secret.
 */
export const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * The header `typ` of an access token, lower-cased: JWT (Keycloak, most providers), RFC 9068's
 * `at+jwt`, or none. Anything else (`logout+jwt`, `dpop+jwt`, `secevent+jwt`...) is another kind
 * of token signed with the same keys.
 */
const ACCESS_TOKEN_TYPES = new Set(['jwt', 'at+jwt', 'application/at+jwt']);

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

  async check(bearer: string): Promise<Caller | TokenRefused> {
    if (this.keys.version !== this.keysVersion) {
      // A key the provider removed must stop vouching for the tokens it signed.
      this.tokens.clear();
      this.keysVersion = this.keys.version;
    }
    const claims = await this.tokens.claimsOrRefusal(bearer, this.clock.now().getTime() / 1000);
    return claims instanceof TokenRefused ? claims : callerFromClaims(claims, this.rules);
  }

  verify(bearer: string): Promise<Caller | null> {
    return callerOrNull(this.check(bearer));
  }

  signingKeysUnavailable(): Promise<string | undefined> {
    return this.keys.unavailable();
  }

  /** Signature, issuer, audience, and the times now (the cache checks the times again on every use). */
  private async checkSignature(token: string): Promise<Claims | TokenRefused> {
    try {
      const options: JWTVerifyOptions = {
        algorithms: OIDC_ALGORITHMS,
        issuer: this.oidc.issuer,
        audience: this.oidc.audience,
        requiredClaims: ['sub', 'exp'],
        currentDate: this.clock.now(),
        clockTolerance: this.skewSeconds,
      };
      const { payload, protectedHeader } = await jwtVerify(token, this.keys.getKey, options).catch((error: unknown) => (
        error instanceof errors.JWKSMultipleMatchingKeys ? verifyWithAnyCandidate(token, error, options) : Promise.reject(error)
      ));
      const { sub, exp } = payload;
      if (typeof sub !== 'string' || sub === '') return new TokenRefused('no sub', 'the sub claim is empty or not a string');
      if (typeof exp !== 'number') return new TokenRefused('no exp', 'the exp claim is not a number');
      const notAccess = notAnAccessToken(protectedHeader.typ, payload.typ);
      if (notAccess) return notAccess;
      return { ...payload, sub, exp };
    } catch (error) {
      if (error instanceof SigningKeysUnavailable) throw error;
      return this.whyRefused(error, token);
    }
  }

  /** What jose found wrong, for the log and the client: the values compared, never the token. */
  private whyRefused(error: unknown, token: string): TokenRefused {
    const at = (seconds: unknown) => typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : String(seconds);
    if (error instanceof errors.JWTExpired) return new TokenRefused('expired', `expired at ${at(error.payload.exp)} (AUTH_CLOCK_SKEW_S ${this.skewSeconds})`);
    if (error instanceof errors.JWTClaimValidationFailed) {
      const { claim, payload } = error;
      if (claim === 'aud') return new TokenRefused('audience mismatch', `audience mismatch: token aud ${JSON.stringify(payload.aud)}, AUTH_AUDIENCE ${this.oidc.audience}`);
      if (claim === 'iss') return new TokenRefused('issuer mismatch', `issuer mismatch: token iss ${JSON.stringify(payload.iss)}, AUTH_ISSUER ${this.oidc.issuer}`);
      if (claim === 'nbf') return new TokenRefused('not yet valid', `not valid before ${at(payload.nbf)} (AUTH_CLOCK_SKEW_S ${this.skewSeconds})`);
      if (claim === 'iat') return new TokenRefused('issued in the future', `iat ${at(payload.iat)}: ${error.message}`);
      return new TokenRefused(`bad ${claim} claim`, `${claim}: ${error.message}`);
    }
    const header = safeHeader(token);
    if (error instanceof errors.JWKSNoMatchingKey) {
      return new TokenRefused('unknown signing key', `no key with kid ${JSON.stringify(header?.kid)} for alg ${JSON.stringify(header?.alg)} in the JWKS of ${this.oidc.issuer}`);
    }
    if (error instanceof errors.JOSEAlgNotAllowed) {
      return new TokenRefused('algorithm not accepted', `alg ${JSON.stringify(header?.alg)} is not one of ${OIDC_ALGORITHMS.join(', ')}`);
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      const keys = header?.kid === undefined ? `any published key of alg ${JSON.stringify(header?.alg)} (the token names no kid)` : `the key of kid ${JSON.stringify(header.kid)}`;
      return new TokenRefused('bad signature', `the signature does not verify with ${keys}`);
    }
    return new TokenRefused('malformed', `malformed token: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A token that names no kid while the provider publishes several keys of its algorithm (every
 * rotation: old and new key side by side): jose will not pick one, it hands the candidates over.
 * The one whose signature verifies vouches for the token, whose claims are then checked as usual;
 * if none does, the signature is bad. Only the provider's own keys are tried, so nothing is weaker
 * than with a kid.
 */
async function verifyWithAnyCandidate(token: string, candidates: errors.JWKSMultipleMatchingKeys, options: JWTVerifyOptions) {
  for await (const key of candidates) {
    try {
      return await jwtVerify(token, key, options);
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
    }
  }
  throw new errors.JWSSignatureVerificationFailed();
}

/**
 * An ID token (Keycloak marks it with the claim `typ: "ID"`) or a token whose header says it is
 * another kind: signed by the same provider, and with the audience right when AUTH_AUDIENCE is a
 * client id that ID tokens are issued to, but it grants nothing. Keycloak's access tokens carry
 * `typ: "Bearer"` and header `typ: "JWT"`.
 */
function notAnAccessToken(headerTyp: unknown, claimTyp: unknown): TokenRefused | null {
  if (headerTyp !== undefined && !(typeof headerTyp === 'string' && ACCESS_TOKEN_TYPES.has(headerTyp.toLowerCase()))) {
    return new TokenRefused('not an access token', `header typ ${JSON.stringify(headerTyp)} is not JWT or at+jwt`);
  }
  if (claimTyp === 'ID') return new TokenRefused('not an access token', 'an ID token (claim typ "ID"): AUTH_AUDIENCE must name this service, not a client that ID tokens are issued to');
  return null;
}

function safeHeader(token: string): { kid?: unknown; alg?: unknown } | undefined {
  try {
    return decodeProtectedHeader(token);
  } catch {
    return undefined;
  }
}
