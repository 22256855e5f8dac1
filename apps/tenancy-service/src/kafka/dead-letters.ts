import type { IHeaders, Message } from 'kafkajs';
import type { Problem } from '../problems/problem';
import type { RawCommandMessage } from './command-envelope';

/** Headers a dead letter gets on top of the original message's own. */
export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  errorCode: 'dlq-error-code',
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
} as const;

const MAX_REASON = 1000;

/**
 * A message that could not be run as a command, kept as it came (value bytes, key, headers) so it
 * can be inspected and replayed, with why and where it came from in `dlq-*` headers.
 */
export function deadLetterMessage(message: RawCommandMessage, problem: Problem): Message {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers)) {
    const encoded = asBytes(value);
    if (encoded !== null) headers[name] = encoded;
  }
  Object.assign(headers, {
    [DLQ_HEADERS.reason]: problem.detail.slice(0, MAX_REASON),
    [DLQ_HEADERS.errorCode]: problem.code,
    [DLQ_HEADERS.topic]: message.topic,
    [DLQ_HEADERS.partition]: String(message.partition),
    [DLQ_HEADERS.offset]: message.offset,
  });
  return { key: asBytes(message.key), value: message.value === null ? null : asBytes(message.value), headers };
}

/**
 * The transport decodes keys and headers to text (and parses the JSON-looking ones); this gives
 * them back as bytes. Values arrive untouched (`keepBinary`).
 */
function asBytes(value: unknown): Buffer | string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  if (Array.isArray(value)) return asBytes(value[0]);
  return JSON.stringify(value);
}
