import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { EventStore, SubscribeOptions } from '@tenancy/event-store';

/** Every span of ours comes from this tracer; without an SDK registered it is the API's no-op. */
export const tracer = () => trace.getTracer('tenancy');

export interface Tracing {
  /** Sends the spans still buffered and stops (on shutdown). */
  shutdown(): Promise<void>;
}

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, loads the OpenTelemetry SDK and exports spans over OTLP/HTTP
 * (JSON) to `<endpoint>/v1/traces`; W3C trace context propagation and async context come with it.
 * Without it, nothing is loaded (null): the spans made through the API cost next to nothing.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Tracing | null {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return null;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when asked for */
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }), { scheduledDelayMillis: 1000 })],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

/**
 * Runs `work` in a span named `name` (active inside it, so spans made within are its children),
 * under `parent` (a W3C traceparent; `root` for a trace of its own) when given, else under whatever span is active.
 */
export function inSpan<T>(name: string, options: { parent?: string; attributes?: Attributes; kind?: SpanKind }, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent === 'root' ? ROOT_CONTEXT
    : options.parent ? propagation.extract(ROOT_CONTEXT, { traceparent: options.parent }) : context.active();
  return tracer().startActiveSpan(name, { attributes: options.attributes, kind: options.kind ?? SpanKind.INTERNAL }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The event store with a span around each append, and around each batch `label` handles from a subscription. */
export function tracedEvents(store: EventStore, label?: string): EventStore {
  return new Proxy(store, {
    get: (target, key, receiver) => {
      if (key === 'appendToStream') {
        return (...args: Parameters<EventStore['appendToStream']>) =>
          inSpan('append', { attributes: { 'tenancy.stream': args[0], 'tenancy.events': args[1].length } }, () => target.appendToStream(...args));
      }
      if (key === 'subscribeToAll' && label) {
        return (options: SubscribeOptions) => target.subscribeToAll({
          ...options,
          // Each batch a trace of its own: it follows the log, not a request.
          onEvents: (events) => inSpan(`${label} batch`, { parent: 'root', attributes: { 'tenancy.events': events.length } },
            () => options.onEvents(events)),
        });
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
