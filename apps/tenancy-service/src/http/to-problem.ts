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
  const fastifyCode = (error as { code?: string })?.code;
  if (fastifyCode === 'FST_ERR_CTP_INVALID_JSON' || error instanceof SyntaxError) {
    return problem(400, 'request.malformed_json', 'The request body is not valid JSON', [{ field: 'body', message: 'must be valid JSON' }]);
  }
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return problem(400, 'request.body_too_large', 'The request body is larger than 64 KiB', [{ field: 'body', message: 'must be at most 64 KiB' }]);
  }
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return problem(415, 'request.unsupported_media_type', 'Send the body as application/json');
  }
  if (fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return problem(400, 'request.empty_body', 'The request body is empty', [{ field: 'body', message: 'must be a JSON object' }]);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return problem(status, status === 404 ? 'route.not_found' : 'request.rejected', error.message);
  }
  return problem(500, 'internal', 'Something went wrong on our side; it has been logged');
}
