import type { Metrics } from '@tenancy/platform';
import type { FastifyInstance } from 'fastify';
import { UNMATCHED_ROUTE } from './request-log';

/** Every answered request into `tenancy_http_request_duration_seconds`, by its route pattern (never the raw path, which would make a series per id). */
export function timeRequests(instance: FastifyInstance, metrics: Metrics): void {
  instance.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
