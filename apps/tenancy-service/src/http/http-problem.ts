import { HttpException } from '@nestjs/common';
import { problem, type Problem } from '../problems/problem';
import { toProblem } from '../problems/to-problem';

/** A refusal only HTTP makes (authentication, headers, bodies): it is already its problem details. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** Problem details of anything thrown while answering a request. */
export function httpProblem(error: unknown): Problem {
  if (error instanceof HttpProblem) return error.problem;
  if (error instanceof HttpException) return fromHttpException(error);
  return toProblem(error);
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
