import type { Actor } from '@tenancy/domain';
import { TokenRefused } from './token-refused';

/**
 * The one way a bearer token becomes a caller: the guard asks this port and nothing else.
 * Adapters: HS256 with a shared secret (the embedded default), or an OpenID Connect provider's
 * keys (AUTH_ISSUER). Chosen by configuration in `tokenVerifier`.
 */
export interface TokenVerifier {
  /**
   * The caller the token proves, or why it proves nothing (bad signature, wrong issuer or audience,
   * expired...). Throws SigningKeysUnavailable when no token can be checked at the moment.
   */
  check(bearer: string): Promise<Caller | TokenRefused>;
  /** The caller the token proves, or null. */
  verify(bearer: string): Promise<Caller | null>;
  /**
   * Why no token can be checked at the moment (no signing keys held, and fetching them failed), or
   * undefined: readiness asks, so a service that can only answer 503 is not sent traffic.
   */
  signingKeysUnavailable(): Promise<string | undefined>;
}

/** `verify` from `check`: the reason dropped. */
export async function callerOrNull(checked: Promise<Caller | TokenRefused>): Promise<Caller | null> {
  const result = await checked;
  return result instanceof TokenRefused ? null : result;
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
