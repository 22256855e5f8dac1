import type { FastifyInstance } from 'fastify';

/**
 * Every answer of the API (`/v1/…`) says `Cache-Control: no-store`: answers carry raw secrets (a
 * company's API token, a rotated tenant secret, and an Idempotency-Key's replay of either) or
 * personal data (members' and invitees' emails, `/v1/me`), and no browser, proxy or CDN is to keep
 * a copy. Set as the request comes in, so refusals and replays carry it as well.
 */
export function storeNoAnswers(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/v1/')) void reply.header('cache-control', 'no-store');
    done();
  });
}
