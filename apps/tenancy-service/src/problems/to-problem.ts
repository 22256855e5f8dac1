import { HttpException } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@tenancy/domain';
import { StreamDeleted } from '@tenancy/event-store';
import { InvalidCursor } from '@tenancy/read-store';
import { problem, type Problem } from './problem';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409,
};

/** HTTP-level refusals that are not domain decisions. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** Maps anything thrown while handling a command or query to problem details. */
export function toProblem(error: unknown): Problem {
  if (error instanceof HttpProblem) return error.problem;
  if (error instanceof DomainError) return problem(STATUS[error.kind], error.code, error.message, error.fieldErrors);
  if (error instanceof StreamDeleted) return problem(404, 'company.not_found', 'Company not found');
  if (error instanceof InvalidCursor) {
    return problem(400, 'request.invalid_cursor', error.message, [{ field: 'cursor', message: error.message }]);
  }
  if (error instanceof HttpException) return fromHttpException(error);
  return problem(500, 'internal', 'Something went wrong on our side; it has been logged');
}

/**
 * Nest rewraps the body parser's errors as plain HttpExceptions (the parser's own code is
 * lost), and this service raises none of its own: so a plain 400 is a body that did not parse.
 */
function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  switch (status) {
    case 400:
      return problem(400, 'request.malformed_json', `The request body is not valid JSON: ${error.message}`,
        [{ field: 'body', message: 'must be a valid JSON object' }]);
    case 413:
      // The API's contract answers every refused body with 400.
      return problem(400, 'request.body_too_large', 'The request body is larger than 64 KiB',
        [{ field: 'body', message: 'must be at most 64 KiB' }]);
    case 404:
      return problem(404, 'route.not_found', error.message);
    case 415:
      return problem(415, 'request.unsupported_media_type', 'Send the body as application/json');
    default:
      return problem(status, 'request.rejected', error.message);
  }
}
