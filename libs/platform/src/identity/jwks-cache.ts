import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../tokens';

export interface JwksCacheOptions {
  /** Keys older than this are fetched again before use. */
  maxAgeMs?: number;
  /** At most one fetch for an unknown `kid` in this long, so tokens with made-up kids cannot make us hammer the provider. */
  cooldownMs?: number;
  /** How long one fetch may take. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Told when a fetch fails (the keys we had stay in use). */
  warn?: (message: string) => void;
}

/**
 * An OpenID Connect provider's signing keys, fetched when first needed and again when a token
 * names a key we do not have (the provider rotated its keys: no restart needed), at most once per
 * cooldown. Times come from the injected clock. The keys' address is AUTH_JWKS_URL, or the
 * `jwks_uri` of the issuer's discovery document.
 */
export class JwksCache {
  /** Goes up each time a fetch brings keys in. */
  version = 0;
  private keys: JWTVerifyGetKey | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private jwksUrl: string | undefined;
  private loading: Promise<void> | undefined;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly warn: (message: string) => void;

  constructor(private readonly issuer: string, jwksUrl: string | undefined, private readonly clock: Clock, options: JwksCacheOptions = {}) {
    this.jwksUrl = jwksUrl;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.warn = options.warn ?? (() => undefined);
  }

  /** For jose's jwtVerify: the key the token's header names. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const sinceFetch = this.now() - this.fetchedAt;
    // No keys yet because the provider did not answer: not asked again before the cooldown.
    if (!this.keys && sinceFetch < this.cooldownMs) throw new errors.JWKSNoMatchingKey();
    if (!this.keys || sinceFetch >= this.maxAgeMs) await this.reload();
    try {
      return await this.keys!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || this.now() - this.fetchedAt < this.cooldownMs) throw error;
      await this.reload();
      return this.keys!(header, token);
    }
  };

  private now(): number {
    return this.clock.now().getTime();
  }

  /** One fetch at a time; a failed one counts for the cooldown too, and keeps the keys we had. */
  private reload(): Promise<void> {
    this.loading ??= this.load().finally(() => { this.loading = undefined; });
    return this.loading;
  }

  private async load(): Promise<void> {
    const startedAt = this.now();
    try {
      this.jwksUrl ??= await this.discoverJwksUrl();
      const jwks = await this.getJson(this.jwksUrl) as JSONWebKeySet;
      if (!Array.isArray(jwks?.keys)) throw new Error(`${this.jwksUrl} is not a JSON Web Key Set`);
      this.keys = createLocalJWKSet(jwks);
      this.version += 1;
    } catch (error) {
      this.warn(`Could not fetch the signing keys of ${this.issuer}: ${error instanceof Error ? error.message : String(error)}`);
      if (!this.keys) throw error;
    } finally {
      this.fetchedAt = startedAt;
    }
  }

  private async discoverJwksUrl(): Promise<string> {
    const discovery = `${this.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const { jwks_uri: uri } = await this.getJson(discovery) as { jwks_uri?: unknown };
    if (typeof uri !== 'string' || uri === '') throw new Error(`${discovery} names no jwks_uri`);
    return uri;
  }

  private async getJson(url: string): Promise<unknown> {
    const response = await this.fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  }
}
