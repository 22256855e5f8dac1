import { problem, type Problem } from '../problems/problem';
import type { JsonRefusal } from './safe-json';

const WHOLE = {
  request: { field: 'body', malformed: 'The request body is not valid JSON', notUtf8: 'The request body is not UTF-8 text, so not JSON', expected: 'must be a valid JSON object' },
  command: { field: 'value', malformed: 'The message value is not JSON', notUtf8: 'The message value is not UTF-8 text, so not JSON', expected: 'must be a JSON object {commandId, type, payload}' },
};

/** The problem for JSON the safe reader refused: `request.*` over HTTP, `command.*` over Kafka. */
export function jsonProblem(scope: 'request' | 'command', refusal: JsonRefusal): Problem {
  const whole = WHOLE[scope];
  switch (refusal.reason) {
    case 'malformed':
      // Not the parser's own message: it quotes the text, which may hold a token.
      return problem(400, scope === 'request' ? 'request.malformed_json' : 'command.not_json', whole.malformed,
        [{ field: whole.field, message: whole.expected }]);
    case 'not_utf8':
      // One code with malformed JSON, whatever the framing: JSON text is UTF-8 (RFC 8259 §8.1).
      return problem(400, scope === 'request' ? 'request.malformed_json' : 'command.not_json', whole.notUtf8,
        [{ field: whole.field, message: `${whole.expected}, in UTF-8` }]);
    case 'too_deep':
      return problem(400, `${scope}.json_too_deep`, refusal.detail,
        [{ field: whole.field, message: `must nest at most ${refusal.maxDepth} objects and arrays deep` }]);
    case 'duplicate_key':
      return problem(400, `${scope}.duplicate_key`, refusal.detail, [{ field: refusal.path, message: 'appears more than once' }]);
    case 'forbidden_key':
      return problem(400, `${scope}.forbidden_key`, refusal.detail, [{ field: refusal.path, message: 'is not allowed' }]);
  }
}
