import type { Actor, FieldError } from '@tenancy/domain';
import { problem, type Problem } from '../problems/problem';
import { jsonProblem } from '../input/json-problem';
import { isJsonObject, readJson, readJsonBytes } from '../input/safe-json';
import { forbiddenCharacter, FORBIDDEN_TEXT_MESSAGE } from '../input/text-rules';
import { actorUserId } from '../input/user-id';
import { VISIBLE_ID as ID, VISIBLE_ID_MESSAGE } from '../input/visible-id';

/**
 * A message from the commands topic as the transport hands it over: the value kept as raw
 * bytes (so what is not JSON can still be dead-lettered as it came), key and headers decoded.
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
} as const;

const ENVELOPE_FIELDS = new Set(['commandId', 'type', 'payload']);

/** Reads the envelope and the actor; the payload is checked later, against its type's DTO. */
export function readCommand(message: RawCommandMessage): ReadCommand {
  // The reader HTTP bodies go through: strict UTF-8, bounded depth, no duplicate keys.
  const { value } = message;
  const read = value === null ? readJson('') : typeof value === 'string' ? readJson(value) : readJsonBytes(value);
  if (!read.ok) return { ok: false, problem: jsonProblem('command', read.refusal) };
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
  const key = text(message.key);
  const companyId = isJsonObject(body.payload) ? body.payload.companyId : undefined;
  if (key !== undefined && typeof companyId === 'string' && key.toLowerCase() !== companyId.toLowerCase()) {
    errors.push({ field: 'key', message: "must be the payload's companyId (or absent)" });
  }
  if (errors.length > 0) return { ok: false, commandId, problem: invalidEnvelope(errors) };
  return {
    ok: true,
    command: {
      commandId: commandId!, type: body.type as string, payload: body.payload as Record<string, unknown>,
      actor: headers.actor!, ...(headers.correlationId ? { correlationId: headers.correlationId } : {}),
    },
  };
}

/** Internal services set the actor; Kafka ACLs, not this code, decide who may write the topic. */
function readHeaders(raw: Record<string, unknown>) {
  const rawUserId = text(raw[HEADERS.actorUserId]);
  // The id as a token's sub becomes it (user-id.ts): NFC; a forbidden character is refused below.
  const read = rawUserId === undefined ? undefined : actorUserId(rawUserId);
  const userId = read?.ok ? read.userId : rawUserId;
  const staff = text(raw[HEADERS.actorStaff]) ?? 'false';
  const email = text(raw[HEADERS.actorEmail]);
  const emailVerified = text(raw[HEADERS.actorEmailVerified]);
  const correlationId = text(raw[HEADERS.correlationId]);
  const errors: FieldError[] = [
    ...(userId && userId.length <= 200 ? [] : [{ field: HEADERS.actorUserId, message: 'must be the acting user id (1 to 200 characters)' }]),
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
  return { actor, correlationId, errors };
}

function invalidEnvelope(errors: FieldError[]): Problem {
  return problem(400, 'command.invalid_envelope', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/** A header or key as text: the transport decodes them, and JSON-looking ones it even parses. */
export function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString();
  if (Array.isArray(value)) return text(value[0]);
  return JSON.stringify(value);
}
