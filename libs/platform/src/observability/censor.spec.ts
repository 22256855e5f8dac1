import { censored, REDACTED } from './censor';

describe('censored: what a log line may carry', () => {
  it('given request headers, then credentials are replaced and the rest is kept', () => {
    const headers = { authorization: 'Bearer abc', cookie: 'a=b', 'x-api-key': 'k', 'content-type': 'application/json' };

    expect(censored({ headers })).toEqual({
      headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED, 'content-type': 'application/json' },
    });
  });

  it('given any header whose name says it carries a credential, then it is redacted, and other headers are kept', () => {
    const credentials = ['x-auth-token', 'X-Session-Id', 'x-csrf-token', 'x-client-secret', 'webhook-signature', 'x-user-password',
      'proxy-authorization', 'x-amz-security-token', 'sec-websocket-key', 'x-jwt-assertion', 'set-cookie', 'x-credentials'];
    const kept = { 'content-type': 'application/json', 'user-agent': 'curl/8', host: 'api.example', ':authority': 'api.example', 'x-request-id': 'r-1' };
    const headers = { ...Object.fromEntries(credentials.map((name) => [name, 'opaque-value'])), ...kept };

    expect(censored({ req: { headers } })).toEqual({ req: { headers: { ...Object.fromEntries(credentials.map((name) => [name, REDACTED])), ...kept } } });
  });

  it('given token-shaped values in headers of any name, then each is redacted where it stands and the rest kept', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl';
    const headers = {
      referer: 'https://app.example/cb?token=tnc_AbC-123_xyz&next=%2F',
      'x-forwarded-for': `10.0.0.1, ${jwt}`,
      'x-note': ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'plain', 'tsk_s3cret'],
      'x-trace': 'tnc is a word, eyJ alone is not a JWT',
    };

    expect(censored({ headers })).toEqual({ headers: {
      referer: `https://app.example/cb?token=${REDACTED}&next=%2F`,
      'x-forwarded-for': `10.0.0.1, ${REDACTED}`,
      'x-note': [REDACTED, 'plain', REDACTED],
      'x-trace': 'tnc is a word, eyJ alone is not a JWT',
    } });
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
