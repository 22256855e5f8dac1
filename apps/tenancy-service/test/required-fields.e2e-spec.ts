import type { EventStore } from '@tenancy/event-store';
import { EVENT_STORE } from '@tenancy/platform';
import { staff, TestApp } from './harness';
import { operationsOf, type Operation } from './openapi-operations';
import { companyWithEverything, pathOf, type PathValues } from './path-parameters';

/**
 * A required field left out is told `is required` on every route, whatever its type: one rule,
 * decided by the input pipe for every DTO. The operations come from /docs-json, so one added later
 * is held to the same without being listed here.
 */
describe('Required fields left out, on every operation that has them', () => {
  let t: TestApp;
  let operations: Operation[];
  let ids: PathValues;

  beforeAll(async () => {
    t = await TestApp.start();
    operations = operationsOf((await t.request('GET', '/docs-json', undefined, {})).body)
      .filter((operation) => (operation.body?.required ?? []).length > 0);
    ids = await companyWithEverything(t);
  }, 60_000);
  afterAll(async () => t.stop());

  const name = (operation: Operation) => `${operation.method} ${operation.path}`;

  it('given the document, then it has operations with required body fields, settings, MFA and signature checks among them', () => {
    expect(operations.map(name)).toEqual(expect.arrayContaining([
      'PUT /v1/companies/{id}/settings', 'PUT /v1/companies/{id}/members/{userId}/mfa', 'POST /v1/companies/{id}/signatures/verify',
    ]));
  });

  it('given an empty body as staff, then every such operation answers 400 request.invalid naming each required field, and changes nothing', async () => {
    const before = await t.app.get<EventStore>(EVENT_STORE).headPosition();
    const answered = [];
    for (const operation of operations) {
      const res = await t.request(operation.method, pathOf(operation, ids), {}, staff());
      answered.push({ operation: name(operation), status: res.status, code: res.body.code, errors: res.body.errors });
    }
    expect(answered).toEqual(operations.map((operation) => ({
      operation: name(operation), status: 400, code: 'request.invalid',
      errors: operation.body!.required!.map((field) => ({ field, message: 'is required' })),
    })));
    expect(await t.app.get<EventStore>(EVENT_STORE).headPosition()).toBe(before);
  });
});
