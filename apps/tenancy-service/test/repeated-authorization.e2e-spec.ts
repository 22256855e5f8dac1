import { person, staffToken, TestApp } from './harness';
import { exchange } from './raw-http';

/**
 * Two Authorization headers over a real socket (inject cannot send them): Node keeps the first
 * and drops the rest, so a proxy that checked the other one would be fooled. Refused instead.
 */
describe('Repeated Authorization headers', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await TestApp.start();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => t.stop());

  const getMe = (...authorizations: string[]) => exchange(port,
    `GET /v1/me HTTP/1.1\r\nHost: localhost\r\n${authorizations.map((a) => `Authorization: ${a}\r\n`).join('')}Connection: close\r\n\r\n`);

  it('given two valid bearer tokens of different callers, then 400 request.invalid naming the header, not the first caller', async () => {
    const { answers } = await getMe(`Bearer ${person('alice').caller.token}`, `Bearer ${staffToken()}`);
    expect(answers).toHaveLength(1);
    expect(answers[0].status).toBe(400);
    expect(answers[0].headers).toContain('content-type: application/problem+json');
    expect(answers[0].body).toMatchObject({ code: 'request.invalid', errors: [{ field: 'Authorization', message: 'must be sent once' }] });
  });

  it('given the same token twice, then refused all the same; given one, then taken', async () => {
    const token = staffToken();
    expect((await getMe(`Bearer ${token}`, `bearer ${token}`)).answers[0].status).toBe(400);
    const once = await getMe(`Bearer ${token}`);
    expect([once.answers[0].status, once.answers[0].body.staff]).toEqual([200, true]);
  });
});
