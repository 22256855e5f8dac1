import { ConcurrentChange, StaleRevision } from '@tenancy/application';
import { DomainError, type DomainErrorKind } from '@tenancy/domain';
import { StreamDeleted } from '@tenancy/event-store';
import { BackgroundWorkStopped, isStoreUnavailable, ProjectionsNotRunning, SigningKeysUnavailable } from '@tenancy/platform';
import { InvalidCursor } from '@tenancy/read-store';
import { BodyNotObject, InvalidInput, MissingBody } from './invalid-input';
import { problem, type Problem } from './problem';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409,
};

/**
 * Problem details of an error from the domain, the command path or the stores: the same for an
 * HTTP response and a Kafka result. Anything else is a 500, named `internal`. Errors only one
 * transport raises are mapped at that transport's edge (HTTP: http/http-problem.ts).
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof InvalidInput) return problem(400, error.code, error.message, error.fieldErrors);
  if (error instanceof BodyNotObject) return problem(400, 'request.body_not_object', error.message, [{ field: 'body', message: 'must be a JSON object' }]);
  if (error instanceof MissingBody) {
    return problem(415, 'request.unsupported_media_type', error.message,
      [{ field: 'body', message: 'must be a JSON object sent as application/json (charset utf-8)' }]);
  }
  if (error instanceof DomainError) return problem(STATUS[error.kind], error.code, error.message, error.fieldErrors);
  if (error instanceof StaleRevision) return problem(412, 'request.stale_revision', error.message);
  if (error instanceof ConcurrentChange) return problem(409, 'request.concurrent_change', error.message);
  if (error instanceof StreamDeleted) return problem(404, 'company.not_found', 'Company not found');
  if (error instanceof InvalidCursor) {
    return problem(400, 'request.invalid_cursor', error.message, [{ field: 'cursor', message: error.message }]);
  }
  if (isStoreUnavailable(error)) return storeUnavailable();
  if (error instanceof SigningKeysUnavailable) return identityProviderUnavailable();
  // Only the parts are named: why they stopped (a store's error) is for the log, not for anyone asking.
  if (error instanceof BackgroundWorkStopped) {
    return problem(503, 'service.background_work_stopped',
      `Background work of this service stopped and does not resume until it restarts: ${error.stopped.map(({ part }) => part).join(', ')}`);
  }
  if (error instanceof ProjectionsNotRunning) {
    return problem(503, 'service.projections_not_running',
      'This service runs no projections (RUN_PROJECTIONS=false) and no projector holds the projector lease: nothing keeps the read models up to date, '
      + 'so commands would be recorded but answered 503 service.answer_unavailable. Start the projector (or this service with RUN_PROJECTIONS on)');
  }
  return problem(500, 'internal', 'Something went wrong on our side; it has been logged');
}

/** A store the request needs does not answer now (docs: MongoDB down, the file locked): try again shortly. */
export const storeUnavailable = (): Problem =>
  problem(503, 'service.unavailable', 'A store the service needs does not answer at the moment; try again shortly');

/** No bearer token can be checked: the identity provider's keys are not held and could not be fetched (the cause is in the log). */
export const identityProviderUnavailable = (): Problem => problem(503, 'service.unavailable',
  'The identity provider\'s signing keys could not be fetched, so no bearer token can be checked at the moment; try again shortly');
