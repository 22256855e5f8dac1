import { codeExchangeFailure, isFetchFailure, providerUnreachable } from '../src/auth/sign-in-failures';

const provider = { issuer: 'http://127.0.0.1:46447/realms/tenancy', clientId: 'tenancy-console' };
const origin = 'http://127.0.0.1:39471';
const message = (error: unknown) => (error as Error).message;

describe('A sign-in at the identity provider that got no answer', () => {
  it('given fetch\'s TypeError as Chromium, Firefox or Safari word it, then it is a failure to fetch', () => {
    for (const text of ['Failed to fetch', 'NetworkError when attempting to fetch resource.', 'Load failed']) {
      expect(isFetchFailure(new TypeError(text))).toBe(true);
    }
    expect(isFetchFailure(new Error('Failed to fetch'))).toBe(false);
    expect(isFetchFailure(new TypeError('x is undefined'))).toBe(false);
  });

  it('given the code exchange got no answer (QA M1: "Failed to fetch"), then the message names the client, the origin to add to its Web origins, and CORS', () => {
    const shown = message(codeExchangeFailure(new TypeError('Failed to fetch'), provider, origin));
    expect(shown).not.toContain('Failed to fetch');
    expect(shown).toContain('client tenancy-console does not list http://127.0.0.1:39471 in its Web origins');
    expect(shown).toContain('CORS');
    expect(shown).toContain('127.0.0.1:46447');
  });

  it('given the provider could not be reached before going there, then the message says try again, and names Web origins as the other cause', () => {
    const shown = message(providerUnreachable(new TypeError('Failed to fetch'), provider, origin));
    expect(shown).toMatch(/^The identity provider 127\.0\.0\.1:46447 cannot be reached from this page\. Try again in a moment;/);
    expect(shown).toContain('Web origins');
  });

  it('given another error (the provider\'s own refusal), then it is shown as it is', () => {
    const refusal = new Error('invalid_grant');
    expect(codeExchangeFailure(refusal, provider, origin)).toBe(refusal);
    expect(providerUnreachable(refusal, provider, origin)).toBe(refusal);
  });
});
