import type { Actor, FieldError } from '@tenancy/domain';
import { problem, type Problem } from '../problems/problem';
import { jsonProblem } from '../input/json-problem';
import { isJsonObject, readJson, utf8Text } from '../input/safe-json';
import { forbiddenCharacter, FORBIDDEN_TEXT_MESSAGE } from '../input/text-rules';
import { actorUserId, MAX_USER_ID_LENGTH } from '../input/user-id';
import { VISIBLE_ID as ID, VISIBLE_ID_MESSAGE } from '../input/visible-id';
import { wellFormedTraceparent } from '../input/traceparent';
import { readableCommandId } from './readable-command-id';

/**
 * A message from the commands topic as the transport hands it over: value, key and headers as
 * the bytes that came (BatchKafkaServer's parser), so that what is not JSON or not UTF-8 is
 * refused, not read with U+FFFD, and can still be dead-lettered as it came.
 */
export interface RawCommandMessage {
  topic: string;
  partition: number;
  offset: string;
  value: Buffer | string | null;
  key: unknown;
  headers: Record<string, unknown>;
}

/** A command read from a message: `{commandId, type, payload}` and the actor from the headers. */
export interface CommandEnvelope {
  commandId: string;
  type: string;
  payload: Record<string, unknown>;
  actor: Actor;
  correlationId?: string;
  /** The sender's W3C `traceparent` header when well-formed, carried onto the events as HTTP's is; a malformed one is ignored, as over HTTP. */
  traceparent?: string;
}

export type ReadCommand =
  | { ok: true; command: CommandEnvelope }
  /** `commandId` when one could be read, so the sender still gets a rejected result. */
  | { ok: false; commandId?: string; problem: Problem };

export const HEADERS = {
  actorUserId: 'actor-user-id',
  actorStaff: 'actor-staff',
  actorEmail: 'actor-email',
  /** `false` when the user's identity provider has not verified that email (their token's `email_verified`), as over HTTP. */
  actorEmailVerified: 'actor-email-verified',
  correlationId: 'correlation-id',
  traceparent: 'traceparent',
} as const;

const ENVELOPE_FIELDS = new Set(['commandId', 'type', 'payload']);

/** Reads the envelope and the actor; the payload is checked later, against its type's DTO. */
export function readCommand(message: RawCommandMessage): ReadCommand {
  // The reader HTTP bodies go through: strict UTF-8, bounded depth, no duplicate keys.
  const { value } = message;
  const strict = value === null ? '' : typeof value === 'string' ? value : utf8Text(value);
  const read = strict === null ? { ok: false as const, refusal: { reason: 'not_utf8' as const } } : readJson(strict);
  if (!read.ok) {
    // A rule of ours refused it, or a byte: the commandId may still be readable, and then the sender is told.
    const commandId = read.refusal.reason === 'malformed' || value === null ? undefined
      : readableCommandId(strict ?? value.toString());
    return { ok: false, ...(commandId ? { commandId } : {}), problem: jsonProblem('command', read.refusal) };
  }
  const body = read.value;
  if (!isJsonObject(body)) {
    return { ok: false, problem: invalidEnvelope([{ field: 'value', message: 'must be a JSON object {commandId, type, payload}' }]) };
  }
  const commandId = typeof body.commandId === 'string' && ID.test(body.commandId) ? body.commandId : undefined;
  const errors: FieldError[] = [
    ...(commandId ? [] : [{ field: 'commandId', message: `${VISIBLE_ID_MESSAGE} (a UUID is best)` }]),
    ...(typeof body.type === 'string' && body.type.length > 0 ? [] : [{ field: 'type', message: 'must be a command type' }]),
    ...(isJsonObject(body.payload) ? [] : [{ field: 'payload', message: 'must be a JSON object' }]),
    ...Object.keys(body).filter((k) => !ENVELOPE_FIELDS.has(k)).map((field) => ({ field, message: 'is not allowed' })),
  ];
  const headers = readHeaders(message.headers);
  errors.push(...headers.errors);
  errors.push(...keyErrors(message.key, isJsonObject(body.payload) ? body.payload.companyId : undefined));
  if (errors.length > 0) return { ok: false, commandId, problem: invalidEnvelope(errors) };
  return {
    ok: true,
    command: {
      commandId: commandId!, type: body.type as string, payload: body.payload as Record<string, unknown>,
      actor: headers.actor!, ...(headers.correlationId ? { correlationId: headers.correlationId } : {}),
      ...(headers.traceparent ? { traceparent: headers.traceparent } : {}),
    },
  };
}

/**
 * The partitioner and the batch's lanes order by the key's bytes, so a key must be the company
 * id byte for byte, as the service writes it (lower case, as in results and events): `ABC…` and
 * `abc…` name one company but would be two lanes, and two partitions, run in either order.
 */
function keyErrors(rawKey: unknown, companyId: unknown): FieldError[] {
  const key = text(rawKey);
  if (key === NOT_UTF8) return [{ field: 'key', message: 'must be UTF-8 text' }];
  if (key === undefined || typeof companyId !== 'string' || key === companyId.toLowerCase()) return [];
  return [{ field: 'key', message: "must be the payload's companyId in lower case, byte for byte (or absent)" }];
}

/** Internal services set the actor; Kafka ACLs, not this code, decide who may write the topic. */
function readHeaders(raw: Record<string, unknown>) {
  const notUtf8 = Object.keys(raw).filter((name) => text(raw[name]) === NOT_UTF8);
  const header = (name: string): string | undefined => {
    const read = text(raw[name]);
    return read === NOT_UTF8 ? undefined : read;
  };
  const rawUserId = header(HEADERS.actorUserId);
  // The id as a token's sub becomes it (user-id.ts): NFC; a forbidden character is refused below.
  const read = rawUserId === undefined ? undefined : actorUserId(rawUserId);
  const userId = read?.ok ? read.userId : rawUserId;
  const staff = header(HEADERS.actorStaff) ?? 'false';
  const email = header(HEADERS.actorEmail);
  const emailVerified = header(HEADERS.actorEmailVerified);
  const correlationId = header(HEADERS.correlationId);
  const errors: FieldError[] = [
    // Any header: the dead letter keeps them all, and "Headers (UTF-8 strings)" is the contract.
    ...notUtf8.map((field) => ({ field, message: 'must be UTF-8 text' })),
    ...((userId && userId.length <= MAX_USER_ID_LENGTH) || notUtf8.includes(HEADERS.actorUserId) ? [] : [{ field: HEADERS.actorUserId, message: `must be the acting user id (1 to ${MAX_USER_ID_LENGTH} characters)` }]),
    ...(staff === 'true' || staff === 'false' ? [] : [{ field: HEADERS.actorStaff, message: 'must be "true" or "false"' }]),
    ...(email === undefined || email.length <= 254 ? [] : [{ field: HEADERS.actorEmail, message: 'must be at most 254 characters' }]),
    ...(emailVerified === undefined || emailVerified === 'true' || emailVerified === 'false'
      ? [] : [{ field: HEADERS.actorEmailVerified, message: 'must be "true" or "false" (or absent)' }]),
    // The actor goes into every event's metadata, as payload text goes into its data.
    ...[[HEADERS.actorUserId, userId], [HEADERS.actorEmail, email]]
      .filter(([, value]) => value !== undefined && forbiddenCharacter(value) !== null)
      .map(([field, value]) => ({ field: field!, message: `${FORBIDDEN_TEXT_MESSAGE} (found ${forbiddenCharacter(value!)})` })),
    ...(correlationId === undefined || ID.test(correlationId)
      ? [] : [{ field: HEADERS.correlationId, message: VISIBLE_ID_MESSAGE }]),
  ];
  const actor: Actor | undefined = userId ? {
    userId, staff: staff === 'true', ...(email ? { email } : {}),
    ...(emailVerified === undefined ? {} : { emailVerified: emailVerified === 'true' }),
  } : undefined;
  const traceparent = wellFormedTraceparent(header(HEADERS.traceparent));
  return { actor, correlationId, traceparent, errors };
}

function invalidEnvelope(errors: FieldError[]): Problem {
  return problem(400, 'command.invalid_envelope', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/** A header or key whose bytes are no UTF-8. */
export const NOT_UTF8 = Symbol('not UTF-8');

/**
 * A header or key as text, its bytes read as strict UTF-8 (a lenient read would turn a bad
 * byte into U+FFFD, and that would be stored and compared as if it had been sent).
 */
export function text(value: unknown): string | typeof NOT_UTF8 | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return utf8Text(value) ?? NOT_UTF8;
  if (Array.isArray(value)) return text(value[0]);
  return JSON.stringify(value);
}
