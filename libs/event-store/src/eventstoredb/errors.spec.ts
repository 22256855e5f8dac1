import {
  DeadlineExceededError, StreamDeletedError, StreamNotFoundError, UnavailableError, UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { StreamDeleted, WrongExpectedRevision } from '../event-store.port';
import {
  GrpcStatus, isResourceExhausted, isStreamNotFound, isTransient, toAppendExpectedRevision, toPortError,
} from './errors';

const serviceError = (code: number, details: string) =>
  ({ code, details, message: `${code} ${details}`, metadata: undefined }) as unknown as ServiceError;

/** grpc-js's ServiceError, as the client's error constructors take it. */
type ServiceError = NonNullable<ConstructorParameters<typeof UnknownError>[0]>;

describe('EventStoreDB error mapping', () => {
  it('passes each port expected revision to the client unchanged', () => {
    expect(toAppendExpectedRevision('no_stream')).toBe('no_stream');
    expect(toAppendExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toAppendExpectedRevision('any')).toBe('any');
    expect(toAppendExpectedRevision(7n)).toBe(7n);
    expect(() => toAppendExpectedRevision(-1n)).toThrow(RangeError);
  });

  it('maps WrongExpectedVersionError to WrongExpectedRevision with the actual revision', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 's-1', expected: 0n, current: 3n });
    const mapped = toPortError(error, 's-1', 0n);
    expect(mapped).toBeInstanceOf(WrongExpectedRevision);
    expect(mapped).toMatchObject({ stream: 's-1', expected: 0n, actual: 3n });
  });

  it('maps a missing stream in WrongExpectedVersionError to actual no_stream', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 's-1', expected: 'stream_exists', current: 'no_stream' });
    expect(toPortError(error, 's-1', 'stream_exists')).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
  });

  it('maps StreamDeletedError to StreamDeleted', () => {
    const mapped = toPortError(StreamDeletedError.fromStreamName('s-2'), 's-2', 'any');
    expect(mapped).toBeInstanceOf(StreamDeleted);
    expect((mapped as StreamDeleted).stream).toBe('s-2');
  });

  it('leaves other errors unchanged', () => {
    const error = new UnavailableError(serviceError(GrpcStatus.UNAVAILABLE, 'no connection'));
    expect(toPortError(error, 's', 'any')).toBe(error);
  });

  it('recognises a missing stream on reads', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's-3'))).toBe(true);
    expect(isStreamNotFound(StreamDeletedError.fromStreamName('s-3'))).toBe(false);
  });

  it('recognises RESOURCE_EXHAUSTED in every shape the client produces', () => {
    expect(isResourceExhausted(new UnknownError(serviceError(8, 'RESOURCE_EXHAUSTED: too many requests')))).toBe(true);
    expect(isResourceExhausted(serviceError(8, 'raw grpc error'))).toBe(true);
    expect(isResourceExhausted(new UnknownError(undefined, 'Could not recognize RESOURCE_EXHAUSTED'))).toBe(true);
    expect(isResourceExhausted(new UnavailableError(serviceError(14, 'unavailable')))).toBe(false);
    expect(isResourceExhausted(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n }))).toBe(false);
    expect(isResourceExhausted(undefined)).toBe(false);
  });

  it('classifies connection-level failures as transient and domain failures as not', () => {
    expect(isTransient(new UnavailableError(serviceError(14, 'unavailable')))).toBe(true);
    expect(isTransient(new DeadlineExceededError(serviceError(4, 'deadline')))).toBe(true);
    expect(isTransient(serviceError(GrpcStatus.RESOURCE_EXHAUSTED, 'busy'))).toBe(true);
    expect(isTransient(StreamDeletedError.fromStreamName('s'))).toBe(false);
    expect(isTransient(new Error('handler failed'))).toBe(false);
  });
});
