import { renewalFailedReason, renewInSeconds } from '../src/auth/renewal';

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
