/**
 * What went wrong when signing in at the identity provider, in words that say what to do. Pure (the
 * page's origin comes in), so it is tested without a browser (test/sign-in-failures.spec.ts).
 */

/**
 * The TypeError fetch throws when no answer can be read: the provider is unreachable, or the browser
 * refused its answer (CORS). Browsers word it differently and never say which.
 */
export const isFetchFailure = (error: unknown): boolean =>
  error instanceof TypeError && /fetch|network|load failed/i.test(error.message);

export interface Provider { issuer: string; clientId: string }

/**
 * Trading the code for tokens failed with no answer. The provider has just sent the person back, so
 * it is up: most likely its client does not list this page's origin in its Web origins, and the
 * browser refused the token endpoint's answer (docs/identity.md). Other errors pass through.
 */
export function codeExchangeFailure(error: unknown, provider: Provider, origin: string): unknown {
  if (!isFetchFailure(error)) return error;
  return new Error(`The identity provider ${new URL(provider.issuer).host} sent you back, but this page could not read its answer `
    + `when asking for your token. Most likely its client ${provider.clientId} does not list ${origin} in its Web origins, `
    + `so the browser refused the answer (CORS): an administrator of the provider adds ${origin} there (docs/identity.md). Then sign in again.`);
}

/** Reaching the provider before going there failed with no answer: it is down, or refuses this origin. */
export function providerUnreachable(error: unknown, provider: Provider, origin: string): unknown {
  if (!isFetchFailure(error)) return error;
  return new Error(`The identity provider ${new URL(provider.issuer).host} cannot be reached from this page. Try again in a moment; `
    + `if it is up, its client ${provider.clientId} may not list ${origin} in its Web origins (CORS, docs/identity.md).`);
}

/**
 * The service answered 503 `service.unavailable` to the new token: it cannot fetch the identity
 * provider's signing keys, so it cannot check any token (the token itself may be fine).
 */
export const PROVIDER_UNAVAILABLE = 'The service cannot reach the identity provider to check your sign-in at the moment. Try again in a moment.';
