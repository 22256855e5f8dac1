import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../tokens';
import { SigningKeysUnavailable } from './token-refused';

export interface JwksCacheOptions {
  /** Keys older than this are fetched again before use. */
  maxAgeMs?: number;
  /** At most one fetch for an unknown `kid` in this long, so tokens with made-up kids cannot make us hammer the provider. */
  cooldownMs?: number;
  /** With no keys held, after a fetch that failed: asked again after this long, so the service answers again soon after the provider is back. */
  retryMs?: number;
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
  private readonly retryMs: number;
  private lastError = '';
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly warn: (message: string) => void;

  constructor(private readonly issuer: string, jwksUrl: string | undefined, private readonly clock: Clock, options: JwksCacheOptions = {}) {
    this.jwksUrl = jwksUrl;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.retryMs = options.retryMs ?? 2_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.warn = options.warn ?? (() => undefined);
  }

  /** For jose's jwtVerify: the key the token's header names. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const sinceFetch = this.now() - this.fetchedAt;
    // No keys yet because the provider did not answer: not asked again before a short wait, and
    // no token can be checked meanwhile (the provider's fault, not the token's).
    if (!this.keys && sinceFetch < this.retryMs) throw new SigningKeysUnavailable(this.lastError);
    if (!this.keys || sinceFetch >= this.maxAgeMs) await this.reload();
    try {
      return await this.keys!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || this.now() - this.fetchedAt < this.cooldownMs) throw error;
      await this.reload();
      return this.keys!(header, token);
    }
  };

  /**
   * Why no token can be checked now (no keys held, and the last fetch failed), or undefined. While
   * no keys are held it fetches them itself, once the retry wait has passed: a service that is not
   * ready gets no requests, so readiness probes are what notices the provider is back.
   */
  async unavailable(): Promise<string | undefined> {
    if (this.keys) return undefined;
    if (this.now() - this.fetchedAt >= this.retryMs) await this.reload().catch(() => undefined);
    return this.keys ? undefined : this.lastError;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** One fetch at a time; a failed one counts for the cooldown too (the shorter retry wait while no keys are held), and keeps the keys we had. */
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
      this.lastError = `Could not fetch the signing keys of ${this.issuer} (${this.jwksUrl ?? 'its discovery document'}): ${describe(error)}`;
      this.warn(this.keys ? `${this.lastError}; the keys already held stay in use` : `${this.lastError}; no token can be checked until a fetch succeeds`);
      if (!this.keys) throw new SigningKeysUnavailable(this.lastError);
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

/** An error with its cause: `fetch failed` alone hides the refused connection or unknown host. (Duck-typed: fetch's errors come from another realm under jest.) */
function describe(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown; code?: unknown } };
  if (typeof message !== 'string') return String(error);
  if (!cause || typeof cause.message !== 'string') return message;
  return `${message}: ${typeof cause.code === 'string' && !cause.message.includes(cause.code) ? `${cause.code} ` : ''}${cause.message}`;
}
