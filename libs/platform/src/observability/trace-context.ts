import { trace } from '@opentelemetry/api';

/**
 * The active span's W3C trace context, when tracing is on and a span is active (the API alone
 * answers undefined: without OTEL_EXPORTER_OTLP_ENDPOINT no SDK is loaded and no span exists).
 */
export function activeTraceparent(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !trace.isSpanContextValid(context)) return undefined;
  return `00-${context.traceId}-${context.spanId}-${context.traceFlags.toString(16).padStart(2, '0')}`;
}
