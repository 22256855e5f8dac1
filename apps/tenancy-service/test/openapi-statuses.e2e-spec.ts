import { staff, staffToken, TestApp } from './harness';
import { sampleObject } from './hostile-values';
import { operationsOf, type Operation } from './openapi-operations';
import { companyWithEverything, pathOf, type PathValues } from './path-parameters';
import { exchange } from './raw-http';

/** How long a request may take to arrive here: short, so the 408s come at once. */
const TIMEOUT_MS = 300;

/**
 * The refusals the server gives on every route, whatever the route is: each operation of the
 * OpenAPI document must declare the status it is actually answered with. The operations come from
 * /docs-json, so one added later is held to the same without being listed here.
 */
describe('Statuses every route can answer, declared by every operation', () => {
  let t: TestApp;
  let port: number;
  let operations: Operation[];
  let ids: PathValues;

  beforeAll(async () => {
    t = await TestApp.start(undefined, {}, { requestTimeoutMs: TIMEOUT_MS });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
    operations = operationsOf((await t.request('GET', '/docs-json', undefined, {})).body);
    ids = await companyWithEverything(t);
  }, 60_000);
  afterAll(async () => t.stop());

  const name = (operation: Operation) => `${operation.method} ${operation.path}`;
  /** Each operation, the status it was answered with, and whether it declares that status. */
  const declared = (answered: Array<[Operation, number]>) => answered.map(([operation, status]) =>
    ({ operation: name(operation), status, declared: operation.responses.includes(String(status)) }));
  const expectDeclared = (answered: Array<[Operation, number]>, status: number) =>
    expect(declared(answered)).toEqual(answered.map(([operation]) => ({ operation: name(operation), status, declared: true })));

  it('given the document, then it has the operations these checks walk', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
  });

  it('given a query parameter the route does not take, then every operation answers 400, and declares it', async () => {
    const answered: Array<[Operation, number]> = [];
    for (const operation of operations) {
      const body = operation.body ? sampleObject(operation.body) : undefined;
      answered.push([operation, (await t.request(operation.method, `${pathOf(operation, ids)}?undeclared=1`, body, staff())).status]);
    }
    expectDeclared(answered, 400);
  });

  it('given a request that does not arrive whole in time, then every operation answers 408, and declares it', async () => {
    const answered = await Promise.all(operations.map(async (operation): Promise<[Operation, number]> => {
      const head = `${operation.method} ${pathOf(operation, ids)} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${staffToken()}\r\n`;
      // A body that stops short where one is read (answered under the route), else a head that never ends.
      const request = operation.method === 'GET' ? head : `${head}Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{`;
      const { answers } = await exchange(port, request);
      return [operation, answers[0]?.status];
    }));
    expectDeclared(answered, 408);
  });

  it('given request headers larger than the server reads, then every operation answers 431, and declares it', async () => {
    const answered = await Promise.all(operations.map(async (operation): Promise<[Operation, number]> => {
      const { answers } = await exchange(port, `${operation.method} ${pathOf(operation, ids)} HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      return [operation, answers[0]?.status];
    }));
    expectDeclared(answered, 431);
  });

  it('given an operation that takes an Idempotency-Key, then it declares the 503 of too many such requests running at once', () => {
    const idempotent = operations.filter((o) => o.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'));
    expect(idempotent.length).toBeGreaterThanOrEqual(20);
    expect(idempotent.filter((o) => !o.responses.includes('503')).map(name)).toEqual([]);
  });

  it('given every operation, then it declares 500', () => {
    expect(operations.filter((o) => !o.responses.includes('500')).map(name)).toEqual([]);
  });
});
