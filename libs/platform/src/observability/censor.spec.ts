import { censored, REDACTED } from './censor';

describe('censored: what a log line may carry', () => {
  it('given request headers, then credentials are replaced and the rest is kept', () => {
    const headers = { authorization: 'Bearer abc', cookie: 'a=b', 'x-api-key': 'k', 'content-type': 'application/json' };

    expect(censored({ headers })).toEqual({
      headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED, 'content-type': 'application/json' },
    });
  });

  it('given personal data deep inside a payload and in arrays, then every email is replaced', () => {
    const line = { command: { payload: { invitations: [{ email: 'a@example.com', role: 'Admin' }], company: { contactEmail: 'c@example.com' } } } };

    expect(censored(line)).toEqual({
      command: { payload: { invitations: [{ email: REDACTED, role: 'Admin' }], company: { contactEmail: REDACTED } } },
    });
  });

  it('given an error carrying a token, then it is logged as pino serializes errors, without the token', () => {
    const error = Object.assign(new Error('refused'), { token: 'raw-token', code: 'auth.refused' });

    const logged: { err: Record<string, unknown> } = censored<object>({ err: error }) as never;

    expect(logged.err).toMatchObject({ type: 'Error', message: 'refused', code: 'auth.refused', token: REDACTED });
    expect(logged.err.stack).toEqual(expect.stringContaining('refused'));
  });

  it('given the object logged, then it is left as it was (the line gets a copy)', () => {
    const payload = { secret: 's3cret', name: 'Acme' };

    censored(payload);

    expect(payload.secret).toBe('s3cret');
  });

  it('given an object that refers to itself, then logging it ends', () => {
    const looped: Record<string, unknown> = { name: 'loop' };
    looped.self = looped;

    expect(JSON.stringify(censored(looped))).toContain('[too deep]');
  });

  it('given values that are not plain objects, then they are kept as they are', () => {
    const when = new Date(0);

    expect(censored({ when, count: 3, none: null })).toEqual({ when, count: 3, none: null });
  });
});
