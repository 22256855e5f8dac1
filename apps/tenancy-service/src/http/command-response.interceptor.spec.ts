import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { MongoNetworkError } from 'mongodb';
import { lastValueFrom, of } from 'rxjs';
import { respond } from './command-response';
import { CommandResponseInterceptor } from './command-response.interceptor';
import { HttpProblem } from './http-problem';
import type { ReadYourWrites } from './read-your-writes';

describe('The answer to a command whose store stops answering after the append', () => {
  const headers: Record<string, string> = {};
  const reply = { header: (name: string, value: string) => { headers[name] = value; return reply; } };
  const context = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ExecutionContext;
  const caughtUp = { reached: async () => true } as unknown as ReadYourWrites;
  const answer = (render: () => Promise<object>, readYourWrites = caughtUp) => lastValueFrom(new CommandResponseInterceptor(readYourWrites)
    .intercept(context, { handle: () => of(respond({ revision: 3n, position: 7n }, render, { location: '/v1/companies/c-1' })) } as CallHandler));

  it('given the read model unreachable when the answer is read, then 503 service.answer_unavailable says it was recorded, with its ETag and Location', async () => {
    const refused = await answer(async () => { throw new MongoNetworkError('connection 1 to 127.0.0.1:27017 closed'); }).catch((error) => error);

    expect(refused).toBeInstanceOf(HttpProblem);
    expect((refused as HttpProblem).problem).toMatchObject({
      status: 503, code: 'service.answer_unavailable', detail: expect.stringMatching(/^The command was recorded \(revision 3\).*do not send it again; read \/v1\/companies\/c-1/),
    });
    expect(headers).toMatchObject({ etag: '"3"', location: '/v1/companies/c-1' });
  });

  it('given the checkpoints unreachable while waiting for the read models, then the same', async () => {
    const unreachable = { reached: async () => { throw new MongoNetworkError('connection closed'); } } as unknown as ReadYourWrites;

    await expect(answer(async () => ({}), unreachable)).rejects.toMatchObject({ problem: { code: 'service.answer_unavailable' } });
  });

  it('given read models that do not catch up in time (a projector failing over), then the same, saying so, and the answer is not read from them', async () => {
    const behind = { reached: async () => false } as unknown as ReadYourWrites;
    let read = false;

    const refused = await answer(async () => { read = true; return { id: 'c-1' }; }, behind).catch((error) => error);

    expect((refused as HttpProblem).problem).toMatchObject({
      status: 503, code: 'service.answer_unavailable', detail: expect.stringMatching(/^The command was recorded \(revision 3\), but the read models .* have not caught up with it within 5 s: do not send it again/),
    });
    expect(read).toBe(false);
    expect(headers).toMatchObject({ etag: '"3"', location: '/v1/companies/c-1' });
  });

  it('given any other failure of the answer, then it is left as it is (500)', async () => {
    await expect(answer(async () => { throw new TypeError('a bug'); })).rejects.toBeInstanceOf(TypeError);
  });

  it('given the answer read, then it carries the revision', async () => {
    expect(await answer(async () => ({ id: 'c-1' }))).toEqual({ id: 'c-1', revision: 3 });
  });
});
