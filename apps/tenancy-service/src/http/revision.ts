import { problem } from '../problems/problem';
import { HttpProblem } from './http-problem';

/** The revision an If-Match header asks for, if any. */
export function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(-?\d{1,18})"?$/.exec(header.trim());
  if (!match) {
    throw new HttpProblem(problem(400, 'request.invalid_if_match', 'If-Match must be a revision such as "3"',
      [{ field: 'If-Match', message: 'must be a quoted revision number' }]));
  }
  return BigInt(match[1]);
}
