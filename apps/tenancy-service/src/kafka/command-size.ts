import { BODY_LIMIT_BYTES } from '../input/body-limit';
import { problem, type Problem } from '../problems/problem';
import { VISIBLE_ID } from '../input/visible-id';
import type { RawCommandMessage } from './command-envelope';

/**
 * The largest command message taken, value, key and headers together: HTTP's body limit. The
 * broker admits messages up to about 1 MB, and a dead letter is the message plus its `dlq-*`
 * headers, so one near the broker's limit could not be set aside and would stop its partition
 * (QA D1). Under this bound a dead letter always fits; above it the dead letter leaves the
 * message's value and headers out (deadLetterMessage).
 */
export const MAX_COMMAND_BYTES = BODY_LIMIT_BYTES;

/** The message's bytes as it came: value, key, header names and values. */
export function commandBytes(message: Pick<RawCommandMessage, 'value' | 'key' | 'headers'>): number {
  let size = byteLength(message.value) + byteLength(message.key);
  for (const [name, value] of Object.entries(message.headers)) {
    size += Buffer.byteLength(name) + (Array.isArray(value) ? value.reduce((s: number, v) => s + byteLength(v), 0) : byteLength(value));
  }
  return size;
}

export const commandTooLarge = (bytes: number): Problem =>
  problem(413, 'command.too_large', `The message is ${bytes} bytes, larger than the ${MAX_COMMAND_BYTES / 1024} KiB a command may have`,
    [{ field: 'value', message: `value, key and headers must be at most ${MAX_COMMAND_BYTES / 1024} KiB together` }]);

/**
 * The `commandId` of a message too large to be read, when its value starts with it
 * (`{"commandId":"…"`, as senders write the envelope): only the first bytes are looked at, so the
 * sender of a huge command is still told, without the huge value being parsed.
 */
export function leadingCommandId(value: Buffer | string | null): string | undefined {
  if (value === null) return undefined;
  const head = (typeof value === 'string' ? value.slice(0, 512) : value.subarray(0, 512).toString('latin1'));
  const id = /^\s*\{\s*"commandId"\s*:\s*"([^"\\]{1,200})"/.exec(head)?.[1];
  return id !== undefined && VISIBLE_ID.test(id) ? id : undefined;
}

function byteLength(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (Buffer.isBuffer(value)) return value.length;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Array.isArray(value)) return value.reduce((s: number, v) => s + byteLength(v), 0);
  return Buffer.byteLength(JSON.stringify(value));
}
