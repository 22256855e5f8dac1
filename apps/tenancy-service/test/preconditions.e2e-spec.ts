import type { EventStore } from '@tenancy/event-store';
import { EVENT_STORE, signJwt } from '@tenancy/platform';
import { companyWithOwner, JWT_SECRET, link, newCompany, person, staff, TestApp, type Caller } from './harness';
import { sampleObject } from './hostile-values';
import { operationsOf, type Operation } from './openapi-operations';
import { companyWithEverything, pathOf, type PathValues } from './path-parameters';

/**
 * Where the sampled body breaks a rule of companyWithEverything's company, what it accepts
 * instead (its name, roles other than a second owner, a member to hand over to). A refusal is
 * answered before a stale If-Match, so only a request the company would accept shows that the
 * If-Match is checked at all.
 */
const ACCEPTED: Record<string, Record<string, unknown>> = {
  'DELETE /v1/companies/{id}': { confirmName: 'Acme GmbH' },
  'POST /v1/companies/{id}/invitations': { role: 'viewer' },
  'POST /v1/companies/{id}/members': { role: 'viewer' },
  'PATCH /v1/companies/{id}/members/{userId}': { role: 'viewer' },
  'POST /v1/companies/{id}/ownership-transfer': { toUserId: 'member-1' },
};
const bodyOf = (operation: Operation) =>
  operation.body ? { ...sampleObject(operation.body), ...ACCEPTED[`${operation.method} ${operation.path}`] } : undefined;

/** A revision no stream of these tests reaches. */
const STALE = '"999999"';

/**
 * If-Match, as the OpenAPI document declares it: every operation that says it takes one checks
 * it (a stale one is 412 and changes nothing), and a command that does not say so refuses one
 * rather than running without the precondition its caller meant. The operations come from
 * /docs-json, so one added later is checked without being listed here.
 */
describe('If-Match on every operation of the OpenAPI document', () => {
  let t: TestApp;
  let operations: Operation[];
  let ids: PathValues;

  beforeAll(async () => {
    t = await TestApp.start();
    operations = operationsOf((await t.request('GET', '/docs-json', undefined, {})).body);
    ids = await companyWithEverything(t);
  }, 60_000);
  afterAll(async () => t.stop());

  const position = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
  const declaresIfMatch = (operation: Operation) => operation.parameters.some((p) => p.in === 'header' && p.name === 'If-Match');
  /** Staff with the invitee's email: allowed everything these requests do, answering the invitation included. */
  const caller = (headers: Record<string, string> = {}) =>
    ({ token: signJwt({ sub: 'staff-nina', staff: true, email: 'nina@acme.example', exp: Math.floor(Date.now() / 1000) + 3600 }, JWT_SECRET), headers });
  const send = (operation: Operation, headers: Record<string, string> = {}) =>
    t.request(operation.method, pathOf(operation, ids), bodyOf(operation), caller(headers));

  it('given a stale If-Match, then every operation that declares If-Match (and 412) answers 412, or the refusal it gives without one; never a success', async () => {
    const declaring = operations.filter(declaresIfMatch);
    expect(declaring.length).toBeGreaterThanOrEqual(20);
    const answers: string[] = [];
    for (const operation of declaring) {
      const name = `${operation.method} ${operation.path}`;
      expect({ name, declares412: operation.responses.includes('412') }).toEqual({ name, declares412: true });
      const before = await position();
      const stale = await send(operation, { 'if-match': STALE });
      expect({ name, status: stale.status, appended: await position() - before }).toEqual({ name, status: stale.status, appended: 0n });
      if (stale.status === 412) {
        answers.push(`${name} ${stale.body.code}`);
        continue;
      }
      // RFC 9110 §13.2.2: a request refused anyway is refused before its preconditions count. So
      // without If-Match it must get the same refusal (as sampled, the body may break a domain
      // rule); a success would mean the If-Match was ignored.
      const unconditional = await send(operation);
      expect({ name, stale: stale.status, unconditional: unconditional.status }).toEqual({ name, stale: unconditional.status, unconditional: stale.status });
      expect(stale.status).toBeGreaterThanOrEqual(400);
      answers.push(`${name} ${stale.body.code}`);
    }
    // Nearly all are reached by the sampled request: the check is not passed by refusing everything.
    expect(answers.filter((answer) => answer.endsWith(' request.stale_revision')).length).toBeGreaterThanOrEqual(declaring.length - 1);
  });

  it('given a signed-in caller who is no member, when every operation that declares If-Match is sent with a stale one, then each refusal comes before the 412, and nothing is appended', async () => {
    const stranger = person('stranger-1', 'stranger@elsewhere.example').caller;
    const asStranger = (operation: Operation, headers: Record<string, string> = {}) =>
      t.request(operation.method, pathOf(operation, ids), bodyOf(operation), { ...stranger, headers });
    const answers: string[] = [];
    for (const operation of operations.filter(declaresIfMatch)) {
      const name = `${operation.method} ${operation.path}`;
      const before = await position();
      const stale = await asStranger(operation, { 'if-match': STALE });
      expect({ name, appended: await position() - before }).toEqual({ name, appended: 0n });
      const unconditional = await asStranger(operation);
      // 412 only where the request would otherwise be accepted.
      const expected = stale.status === 412 && unconditional.status < 300 ? 412 : unconditional.status;
      expect({ name, stale: stale.status, code: stale.body?.code }).toEqual({ name, stale: expected, code: expected === 412 ? 'request.stale_revision' : unconditional.body?.code });
      answers.push(`${name} ${stale.status}`);
    }
    // Everything about the company is refused as it is to a stranger without If-Match (not found;
    // a staff-only command forbidden): no 412 saying it exists, or at which revision.
    const aboutTheCompany = answers.filter((answer) => answer.includes('/v1/companies/{id}'));
    expect(aboutTheCompany.length).toBeGreaterThanOrEqual(20);
    expect(aboutTheCompany.filter((answer) => !answer.endsWith(' 404') && !answer.endsWith(' 403'))).toEqual([]);
    expect(aboutTheCompany.filter((answer) => answer.endsWith(' 404')).length).toBeGreaterThanOrEqual(15);
  });

  /** Commands the document offers no If-Match: the two creates (below) and the erasure. */
  const undeclaredCommands = () =>
    operations.filter((o) => o.method !== 'GET' && !declaresIfMatch(o) && o.parameters.some((p) => p.name === 'X-Correlation-Id'));

  it('given the two company creates, then the document offers no If-Match (there is no company yet to match), but declares the 412 one sent anyway gets, and the new company\'s ETag', async () => {
    const creates = undeclaredCommands().filter((o) => o.responses.includes('412'));

    expect(creates.map((o) => `${o.method} ${o.path}`)).toEqual(['POST /v1/companies', 'POST /v1/me/companies']);
    const document = (await t.request('GET', '/docs-json', undefined, {})).body;
    for (const path of ['/v1/companies', '/v1/me/companies']) {
      expect(Object.keys(document.paths[path].post.responses['201'].headers)).toEqual(['ETag']);
    }
  });

  it('given an If-Match on a command that does not declare it (a person\'s erasure), then 400 naming the header, and nothing is erased', async () => {
    const undeclared = undeclaredCommands().filter((o) => !o.responses.includes('412'));
    expect(undeclared.map((o) => `${o.method} ${o.path}`)).toEqual(['POST /v1/users/{userId}/erasure']);
    for (const ifMatch of [STALE, '*']) {
      const before = await position();
      const res = await send(undeclared[0], { 'if-match': ifMatch });
      expect([res.status, res.body.code, res.body.errors]).toEqual([400, 'request.invalid', [{ field: 'If-Match', message: 'is not taken by this route' }]]);
      expect(await position()).toBe(before);
    }
    // Without one, the erasure goes ahead.
    expect((await t.request('POST', pathOf(undeclared[0], ids), undefined, staff())).status).toBe(202);
  });
});

/**
 * README: a request refused anyway gets that refusal instead of 412 (RFC 9110 §13.2.2). A stale
 * If-Match is only news to a caller the command would otherwise accept: to anyone else it must not
 * tell that a company exists or at which revision it is.
 */
describe('A stale If-Match after the refusals', () => {
  let t: TestApp;
  let id: string;
  const olivia = person('olivia');
  const emma = person('emma');
  const outsider = person('oscar', 'oscar@elsewhere.example');
  beforeAll(async () => {
    t = await TestApp.start();
    id = await companyWithOwner(t, olivia);
    await link(t, id, emma, 'employee');
  }, 60_000);
  afterAll(async () => t.stop());

  const stale = (who: Caller): Caller => ({ ...who, headers: { 'if-match': '"1"' } });
  const position = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
  const settings = { notificationPreferences: { email: true, sms: false, webhook: false }, currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{seq}' };

  it.each([
    ['POST', 'secret', undefined],
    ['PUT', 'settings', settings],
    ['PUT', 'members/olivia/mfa', { enabled: true }],
  ] as const)('given a signed-in user who is no member, when they %s %s with a stale If-Match, then 404 as without it, naming no revision', async (method, path, body) => {
    const before = await position();

    const res = await t.request(method, `/v1/companies/${id}/${path}`, body, stale(outsider.caller));

    expect([res.status, res.body.code, await position()]).toEqual([404, 'company.not_found', before]);
    expect(res.text).not.toMatch(/revision/i);
  });

  it('given a company id nobody made, when a command is sent to it with a stale If-Match, then 404 naming no revision', async () => {
    const res = await t.request('POST', '/v1/companies/00000000-0000-4000-8000-000000000000/secret', undefined, stale(outsider.caller));

    expect([res.status, res.body.code]).toEqual([404, 'company.not_found']);
    expect(res.text).not.toMatch(/revision/i);
  });

  it('given an employee, when they rotate the secret with a stale If-Match, then 403 as without it', async () => {
    const res = await t.request('POST', `/v1/companies/${id}/secret`, undefined, stale(emma.caller));

    expect([res.status, res.body.code]).toEqual([403, 'company.permission_denied']);
  });

  it('given staff deactivating the only owner with a stale If-Match, then the domain\'s 409, not 412, and nothing is appended', async () => {
    const before = await position();

    const res = await t.request('POST', `/v1/companies/${id}/members/${olivia.userId}/deactivate`, undefined, stale({ token: staff().token }));

    expect([res.status, res.body.code, await position()]).toEqual([409, 'team.owner_required', before]);
  });

  it('given a command that would be accepted, when its If-Match is stale, then still 412 naming the current revision', async () => {
    const res = await t.request('POST', `/v1/companies/${id}/secret`, undefined, stale(olivia.caller));

    expect([res.status, res.body.code]).toEqual([412, 'request.stale_revision']);
    expect(res.body.detail).toMatch(/current revision \d+; reload/);
  });

  it.each([
    ['staff', '/v1/companies', '"0"', () => staff(), newCompany({ name: 'IfMatch Staff GmbH' })],
    ['a user founding their own', '/v1/me/companies', '"0"', () => person('ifm').caller, { name: 'IfMatch Own', timezone: 'UTC', defaultLanguage: 'en' }],
    // RFC 9110 §13.1.1: `*` is false where nothing exists yet.
    ['staff', '/v1/companies', '*', () => staff(), newCompany({ name: 'IfMatch Star GmbH' })],
    ['a user founding their own', '/v1/me/companies', '*', () => person('ifm-star').caller, { name: 'IfMatch Star', timezone: 'UTC', defaultLanguage: 'en' }],
  ])('given %s creating a company (%s) with If-Match %s, then 412 saying it does not exist yet (no internal -1, no reload), and nothing is appended', async (_who, path, ifMatch, who, body) => {
    const before = await position();

    const res = await t.request('POST', path, body, { ...who(), headers: { 'if-match': ifMatch } });

    expect([res.status, res.body.code]).toEqual([412, 'request.stale_revision']);
    expect(res.body.detail).toContain('does not exist yet');
    expect(res.body.detail).not.toMatch(/-1|reload/);
    expect(await position()).toBe(before);
  });

  it('given a company that exists, when an invitation is sent with If-Match *, then it is sent: * is true of any revision the company is at', async () => {
    const res = await t.request('POST', `/v1/companies/${id}/invitations`, { email: 'star@acme.example', role: 'viewer' },
      { ...olivia.caller, headers: { 'if-match': '*' } });

    expect(res.status).toBe(201);
  });
});
