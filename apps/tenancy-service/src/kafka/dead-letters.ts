import type { IHeaders, Message } from 'kafkajs';
import type { Problem } from '../problems/problem';
import type { RawCommandMessage } from './command-envelope';
import { MAX_COMMAND_BYTES } from './command-size';

/** Headers a dead letter gets on top of the original message's own. */
export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  errorCode: 'dlq-error-code',
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  /** On the dead letter of a message over MAX_COMMAND_BYTES only: what was left out, and its size. */
  dropped: 'dlq-dropped',
} as const;

const MAX_REASON = 1000;

/** A key longer than this is left out of an oversized message's dead letter (a company id has 36 bytes). */
const MAX_KEPT_KEY = 256;

/**
 * A message that could not be run as a command, kept as it came (value bytes, key, headers) so it
 * can be inspected and replayed, with why and where it came from in `dlq-*` headers. A message
 * over MAX_COMMAND_BYTES (`tooLarge`, its size) is kept without its value and headers, and
 * `dlq-dropped` says so: the broker would refuse it back with headers added, and the partition
 * would stop behind it.
 */
export function deadLetterMessage(message: RawCommandMessage, problem: Problem, tooLarge?: number): Message {
  const headers: IHeaders = {};
  if (tooLarge === undefined) {
    for (const [name, value] of Object.entries(message.headers)) {
      const encoded = asBytes(value);
      if (encoded !== null) headers[name] = encoded;
    }
  } else {
    headers[DLQ_HEADERS.dropped] = `value and headers (${tooLarge} bytes with the key) left out: over the ${MAX_COMMAND_BYTES} bytes a command may have`;
  }
  Object.assign(headers, {
    [DLQ_HEADERS.reason]: problem.detail.slice(0, MAX_REASON),
    [DLQ_HEADERS.errorCode]: problem.code,
    [DLQ_HEADERS.topic]: message.topic,
    [DLQ_HEADERS.partition]: String(message.partition),
    [DLQ_HEADERS.offset]: message.offset,
  });
  const key = asBytes(message.key);
  if (tooLarge !== undefined) return { key: key !== null && Buffer.byteLength(key) <= MAX_KEPT_KEY ? key : null, value: null, headers };
  return { key, value: message.value === null ? null : asBytes(message.value), headers };
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
