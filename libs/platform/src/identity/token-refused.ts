/**
 * Why a bearer token proves nothing. `reason` is short and safe to tell the client (the 401's
 * `error_description`, RFC 6750 §3); `detail` is for the operator's log: it names the values that
 * differed (the token's `aud` and AUTH_AUDIENCE, its `kid`...), never the token. A class, not a
 * shape, so no claim a token carries can pass for one.
 */
export class TokenRefused {
  constructor(readonly reason: string, readonly detail: string = reason) {}
}

/**
 * The provider's signing keys could not be fetched and none are held: no token can be checked,
 * which is not the token's fault (503, not 401).
 */
export class SigningKeysUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeysUnavailable';
  }
}
