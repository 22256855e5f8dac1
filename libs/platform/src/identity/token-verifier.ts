import type { Actor } from '@tenancy/domain';

/**
 * The one way a bearer token becomes a caller: the guard asks this port and nothing else.
 * Adapters: HS256 with a shared secret (the embedded default), or an OpenID Connect provider's
 * keys (AUTH_ISSUER). Chosen by configuration in `tokenVerifier`.
 */
export interface TokenVerifier {
  /** The caller the token proves, or null when it proves nothing (bad signature, wrong issuer or audience, expired...). */
  verify(bearer: string): Promise<Caller | null>;
}

/**
 * A verified caller: who acts (the actor events record) and the OAuth scopes the token grants
 * (the `scope` claim, space-separated, RFC 8693 §4.2), which decide some routes and are never recorded.
 */
export interface Caller {
  actor: Actor;
  scopes: readonly string[];
}

export const TOKEN_VERIFIER = Symbol('TokenVerifier');
