import { HttpException } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@tenancy/domain';
import { StreamDeleted } from '@tenancy/event-store';
import { InvalidCursor } from '@tenancy/read-store';
import { bodyTooLarge, unsupportedMediaType } from './body-rules';
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
 * Nest rewraps fastify's own refusals as plain HttpExceptions (the fastify code is lost), and
 * this service raises none of its own: so the status says which refusal it was. JSON that does
 * not parse is refused by the body parser itself (json-body.ts), with its own code.
 */
function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  switch (status) {
    case 400:
      return problem(400, 'request.malformed', `The request could not be read: ${error.message}`);
    case 413:
      return bodyTooLarge();
    case 404:
      return problem(404, 'route.not_found', error.message);
    case 415:
      return unsupportedMediaType();
    default:
      return problem(status, 'request.rejected', error.message);
  }
}
