/** A W3C trace context header: version, 32-hex trace id, 16-hex parent span id, flags. */
export const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A `traceparent` as sent, when well-formed and its trace id is not all zeros (HTTP header or Kafka header alike). */
export const wellFormedTraceparent = (value: string | undefined): string | undefined =>
  value !== undefined && TRACEPARENT.test(value) && !/^..-0{32}-/.test(value) ? value : undefined;
