import { SetMetadata } from '@nestjs/common';
import type { ExpectedRevision } from '@tenancy/application';
import { problem } from '../problems/problem';
import { HttpProblem } from './http-problem';
import { runsCommand } from './request-context';

/**
 * If-Match as this service takes it (RFC 9110 §13.1.1): `*`, or one entity-tag naming a revision,
 * `"3"`, the ETag a response carried. `W/"3"` is read as `"3"` (a proxy that compresses may weaken
 * the tag it passes on). The quotes are part of the grammar: `3` or `"3` is refused, not guessed at.
 * A list of tags is refused too: a command expects the company at one revision. `*` asks only
 * that the company exists (so a create sent with it is 412, as one naming a revision is).
 * The OpenAPI document gives this same pattern (openapi/contract.ts): a string, so the document
 * carries it as written (a RegExp's `source` escapes the slash), in plain groups every regex
 * engine reads alike.
 */
export const IF_MATCH_PATTERN = '^(\\*|(W/)?"(-?[0-9]{1,18})")$';
const IF_MATCH = new RegExp(IF_MATCH_PATTERN);

/** The revision an If-Match header asks for, if any (`*`: any, as long as there is one). */
export function parseIfMatch(header: string | undefined): ExpectedRevision | undefined {
  if (header === undefined) return undefined;
  const match = IF_MATCH.exec(header.trim());
  if (!match) {
    throw new HttpProblem(problem(400, 'request.invalid_if_match', 'If-Match must be * or one revision in quotes, such as "3"',
      [{ field: 'If-Match', message: header.includes(',') ? 'must be one quoted revision number, not a list' : 'must be a quoted revision number' }]));
  }
  return match[3] === undefined ? 'exists' : BigInt(match[3]);
}

const NO_REVISION = 'tenancy:no-revision';

/**
 * A command on no company (a person's erasure acts on the user stream, in every company at once),
 * or a route that acts without changing a company (a webhook test message or retry, a signature
 * check): there is no revision a client could have read, so it answers no ETag and takes no
 * If-Match. An If-Match sent anyway is refused, not ignored: the caller meant a precondition, and
 * an irreversible command must not run without the one it was given.
 */
export const NoRevision = () => SetMetadata(NO_REVISION, true);

/** Whether a route refuses an If-Match (NoRevision). */
export const refusesIfMatch = (handler: object): boolean => Reflect.getMetadata(NO_REVISION, handler) === true;

/** Whether a route's command acts on a company's revision: If-Match is checked against it, and its answer carries it as ETag. */
export const takesRevision = (handler: object): boolean => runsCommand(handler) && !refusesIfMatch(handler);

const CREATES_COMPANY = 'tenancy:creates-company';

/**
 * A route whose command makes a company: its answer carries the new company's revision as ETag,
 * but there is nothing yet an If-Match could match, so any one sent is 412 (the one comparison,
 * revisionMatches, refuses it on a stream with no events) and the OpenAPI document offers none.
 */
export const CreatesCompany = () => SetMetadata(CREATES_COMPANY, true);

/** Whether a route has an If-Match worth sending: its command acts on a company that already exists. */
export const offersIfMatch = (handler: object): boolean =>
  takesRevision(handler) && Reflect.getMetadata(CREATES_COMPANY, handler) !== true;

export const ifMatchNotTaken = () => new HttpProblem(problem(400, 'request.invalid',
  'If-Match is not taken here: this route changes no company, so there is no revision to match',
  [{ field: 'If-Match', message: 'is not taken by this route' }]));
