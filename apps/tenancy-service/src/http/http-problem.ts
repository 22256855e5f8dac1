import { HttpException } from '@nestjs/common';
import { problem, type Problem } from '../problems/problem';
import { toProblem } from '../problems/to-problem';
import { bodyTooLarge, unsupportedMediaType } from './body-rules';

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
