import { ErrorResponse, ErrorTimeout } from 'oidc-client-ts';
import { afterRenewalFailure, renewalFailedReason, renewInSeconds } from '../src/auth/renewal';

describe('When the console renews an access token', () => {
  it('given Keycloak\'s default 5-minute token, then it renews a minute before expiry', () => {
    expect(renewInSeconds(300)).toBe(240);
  });

  it('given a token shorter-lived than four minutes, then it renews at three quarters of its life, once per life', () => {
    expect(renewInSeconds(20)).toBe(15);
    expect(renewInSeconds(120)).toBe(90);
  });

  it('given a token about to expire or already past, then it renews after a second, never at once in a loop', () => {
    for (const left of [1, 0, -5]) expect(renewInSeconds(left)).toBe(1);
  });
});

describe('Why a renewal signed the person out', () => {
  const issuer = 'http://127.0.0.1:46447/realms/tenancy';

  it('given the provider refused (its error_description), then the reason names the provider and its words', () => {
    expect(renewalFailedReason(issuer, new Error('Session not active')))
      .toBe('your sign-in at 127.0.0.1:46447 could not be renewed (Session not active). Sign in again.');
  });

  it('given no answer (fetch\'s TypeError), then the reason says the provider did not answer', () => {
    expect(renewalFailedReason(issuer, new TypeError('Failed to fetch')))
      .toBe('your sign-in at 127.0.0.1:46447 could not be renewed (it did not answer). Sign in again.');
  });
});

describe('After a renewal failed', () => {
  const issuer = 'http://127.0.0.1:46447/realms/tenancy';
  // The clock comes in: the token in use expires at 60 s, the first renewal failed at 0.
  const expiresAtMs = 60_000;
  const failed = (error: unknown, failures: number, nowMs: number) => afterRenewalFailure(error, { issuer, failures, nowMs, expiresAtMs });
  const noAnswer = new TypeError('Failed to fetch');
  const unavailable = new Error('Service Unavailable (503)');
  const invalidGrant = new ErrorResponse({ error: 'invalid_grant', error_description: 'Session not active' });

  it('given no answer, a timeout, a 5xx or a proxy\'s error page, then it tries again in 2 s, not signing out', () => {
    for (const error of [noAnswer, new ErrorTimeout('Network timed out'), unavailable, new Error('Bad Gateway (502): {}'),
      new ErrorResponse({ error: 'temporarily_unavailable' }), new Error('Invalid response Content-Type: text/html, from URL: x')]) {
      expect(failed(error, 1, 0)).toEqual({ retryInMs: 2_000 });
    }
  });

  it('given it keeps failing while the token lasts, then the pauses grow (2, 5, 10, 20, 20 s) and the last try comes a second before expiry', () => {
    const tries: number[] = [0];
    for (let failures = 1; ; failures++) {
      const next = failed(noAnswer, failures, tries[tries.length - 1]);
      if (!('retryInMs' in next)) break;
      tries.push(tries[tries.length - 1] + next.retryInMs);
    }
    expect(tries).toEqual([0, 2_000, 7_000, 17_000, 37_000, 57_000, 59_000]);
  });

  it('given the token has expired (or has under a second left) by the failed try, then it signs out, saying so and why', () => {
    for (const nowMs of [59_000, 60_000, 61_000]) {
      expect(failed(unavailable, 6, nowMs)).toEqual({
        signOut: 'your sign-in at 127.0.0.1:46447 expired: it could not be renewed in time (Service Unavailable (503)). Sign in again.',
      });
    }
    expect(failed(noAnswer, 1, 60_000)).toEqual({
      signOut: 'your sign-in at 127.0.0.1:46447 expired: it could not be renewed in time (it did not answer). Sign in again.',
    });
  });

  it('given the provider refused the refresh token (invalid_grant, or any 4xx), then it signs out at once, with the provider\'s words', () => {
    expect(failed(invalidGrant, 1, 0))
      .toEqual({ signOut: 'your sign-in at 127.0.0.1:46447 could not be renewed (Session not active). Sign in again.' });
    expect(failed(new Error('Bad Request (400)'), 1, 0))
      .toEqual({ signOut: 'your sign-in at 127.0.0.1:46447 could not be renewed (Bad Request (400)). Sign in again.' });
  });
});
