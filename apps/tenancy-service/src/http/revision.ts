import { problem } from '../problems/problem';
import { HttpProblem } from './http-problem';

/**
 * If-Match as this service takes it (RFC 9110 §13.1.1): `*`, or one entity-tag naming a revision,
 * `"3"`, the ETag a response carried. `W/"3"` is read as `"3"` (a proxy that compresses may weaken
 * the tag it passes on). The quotes are part of the grammar: `3` or `"3` is refused, not guessed at.
 * A list of tags is refused too: a command expects the company at one revision.
 * The OpenAPI document gives this same pattern (openapi/contract.ts).
 */
export const IF_MATCH = /^(?:\*|(?:W\/)?"(-?[0-9]{1,18})")$/;

/** The revision an If-Match header asks for, if any. */
export function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const match = IF_MATCH.exec(header.trim());
  if (!match) {
    throw new HttpProblem(problem(400, 'request.invalid_if_match', 'If-Match must be * or one revision in quotes, such as "3"',
      [{ field: 'If-Match', message: header.includes(',') ? 'must be one quoted revision number, not a list' : 'must be a quoted revision number' }]));
  }
  return match[1] === undefined ? undefined : BigInt(match[1]);
}
