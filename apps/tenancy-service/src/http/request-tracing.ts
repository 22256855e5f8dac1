import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { tracer } from '@tenancy/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UNMATCHED_ROUTE } from './request-log';

const SPAN = Symbol('span');
type TracedRequest = FastifyRequest & { [SPAN]?: Span };

/**
 * A server span per request, under the caller's `traceparent` when it sent one, named by the
 * route pattern. Commands run under it (their span's parent is `requestTraceparent`). A no-op
 * span when tracing is off.
 */
export function traceRequests(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    (request as TracedRequest)[SPAN] = tracer().startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route },
    }, parent);
    done();
  });
  instance.addHook('onResponse', (request, reply, done) => {
    const span = (request as TracedRequest)[SPAN];
    span?.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
    span?.end();
    done();
  });
}

/** The request's span as a W3C traceparent, when tracing. */
export function requestTraceparent(request: FastifyRequest): string | undefined {
  const context = (request as TracedRequest)[SPAN]?.spanContext();
  if (!context || !trace.isSpanContextValid(context)) return undefined;
  return `00-${context.traceId}-${context.spanId}-${context.traceFlags.toString(16).padStart(2, '0')}`;
}
