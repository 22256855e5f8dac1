import { BODY_LIMIT_BYTES } from '../input/body-limit';
import { problem, type Problem } from '../problems/problem';

/** The largest request body taken; a larger one is answered 413 before it is read. */
export { BODY_LIMIT_BYTES };

/** The one rule for every route that takes a body: a JSON object, sent as application/json. */
export const unsupportedMediaType = (detail = 'Send a JSON object as application/json'): Problem =>
  problem(415, 'request.unsupported_media_type', detail,
    [{ field: 'body', message: 'must be a JSON object sent as application/json (charset utf-8)' }]);

export const bodyTooLarge = (): Problem =>
  problem(413, 'request.body_too_large', `The request body is larger than ${BODY_LIMIT_BYTES / 1024} KiB`,
    [{ field: 'body', message: `must be at most ${BODY_LIMIT_BYTES / 1024} KiB` }]);
