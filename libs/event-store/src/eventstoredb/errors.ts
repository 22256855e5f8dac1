import { ErrorType, type AppendExpectedRevision, type CurrentRevision } from '@eventstore/db-client';
import { ExpectedRevision, StreamDeleted, WrongExpectedRevision } from '../event-store.port';

/** gRPC status codes (from @grpc/grpc-js `status`), kept here to avoid depending on grpc-js directly. */
export const GrpcStatus = {
  CANCELLED: 1,
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  ABORTED: 10,
  UNAVAILABLE: 14,
} as const;

interface ErrorShape {
  type?: unknown;
  code?: unknown;
  message?: unknown;
  details?: unknown;
  _raw?: { code?: unknown };
  actualVersion?: CurrentRevision;
}

const shape = (error: unknown): ErrorShape => (typeof error === 'object' && error !== null ? error as ErrorShape : {});

/** The client's error classes carry a `type` (ErrorType); compare on it rather than on `instanceof`. */
function hasType(error: unknown, type: ErrorType): boolean {
  return shape(error).type === type;
}

function grpcCode(error: unknown): number | undefined {
  const e = shape(error);
  if (typeof e.code === 'number') return e.code;
  if (typeof e._raw?.code === 'number') return e._raw.code;
  return undefined;
}

export const isStreamNotFound = (error: unknown) => hasType(error, ErrorType.STREAM_NOT_FOUND);
export const isStreamDeletedError = (error: unknown) => hasType(error, ErrorType.STREAM_DELETED);
export const isWrongExpectedVersion = (error: unknown) => hasType(error, ErrorType.WRONG_EXPECTED_VERSION);

/**
 * The server (or grpc-js) refused the call for lack of resources: the client turns status 8
 * into an UnknownError that keeps `code`, a raw ServiceError, or (batch appends) an
 * UnknownError whose message is the server's status message.
 */
export function isResourceExhausted(error: unknown): boolean {
  if (grpcCode(error) === GrpcStatus.RESOURCE_EXHAUSTED) return true;
  const { message, details } = shape(error);
  return [message, details].some((text) => typeof text === 'string' && /RESOURCE_EXHAUSTED|resource exhausted/i.test(text));
}

/** Failures worth retrying a read or resubscribing after: the connection or the leader went away. */
export function isTransient(error: unknown): boolean {
  if ([ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.CANCELLED, ErrorType.NOT_LEADER]
    .some((type) => hasType(error, type))) return true;
  const code = grpcCode(error);
  return code !== undefined && ([
    GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.RESOURCE_EXHAUSTED, GrpcStatus.ABORTED, GrpcStatus.CANCELLED,
  ] as number[]).includes(code);
}

/**
 * The server cannot serve the call now (unreachable, no leader, out of time), by the client's
 * error classes only: a bare numeric `code` is not enough here, since other drivers' errors carry
 * numeric codes of their own.
 */
export const isUnavailable = (error: unknown): boolean =>
  [ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.NOT_LEADER].some((type) => hasType(error, type));

/** The client's expected-revision values are spelled like the port's; this checks and narrows them. */
export function toAppendExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream': return 'no_stream';
    case 'stream_exists': return 'stream_exists';
    case 'any': return 'any';
    default:
      if (typeof expected !== 'bigint' || expected < 0n) throw new RangeError(`Invalid expected revision ${String(expected)}`);
      return expected;
  }
}

/** Client append/read errors → the port's errors; anything else unchanged. */
export function toPortError(error: unknown, stream: string, expected?: ExpectedRevision): unknown {
  if (isStreamDeletedError(error)) return new StreamDeleted(stream);
  if (isWrongExpectedVersion(error) && expected !== undefined) {
    const actual = shape(error).actualVersion;
    return new WrongExpectedRevision(stream, expected, typeof actual === 'bigint' ? actual : 'no_stream');
  }
  return error;
}
