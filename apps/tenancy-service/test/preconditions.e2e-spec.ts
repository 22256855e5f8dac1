import type { EventStore } from '@tenancy/event-store';
import { EVENT_STORE, signJwt } from '@tenancy/platform';
import { JWT_SECRET, staff, TestApp } from './harness';
import { sampleObject } from './hostile-values';
import { operationsOf, type Operation } from './openapi-operations';
import { companyWithEverything, pathOf, type PathValues } from './path-parameters';

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
    t.request(operation.method, pathOf(operation, ids), operation.body ? sampleObject(operation.body) : undefined, caller(headers));

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

  it('given an If-Match on a command that does not declare it (a person\'s erasure), then 400 naming the header, and nothing is erased', async () => {
    const undeclared = operations.filter((o) => o.method !== 'GET' && !declaresIfMatch(o) && o.parameters.some((p) => p.name === 'X-Correlation-Id'));
    expect(undeclared.map((o) => `${o.method} ${o.path}`)).toEqual(['POST /v1/users/{userId}/erasure']);
    expect(undeclared[0].responses).not.toContain('412');
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
