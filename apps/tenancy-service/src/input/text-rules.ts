import type { FieldError } from '@tenancy/domain';

/**
 * Characters no text this service takes may hold, because they act on whatever later shows the
 * text (logs, terminals, admin UIs, downstream consumers) instead of being read:
 * - C0 controls U+0000–U+001F (NUL, ESC, TAB, CR, LF, ...), DEL U+007F and C1 controls U+0080–U+009F;
 * - U+2028 and U+2029, the line and paragraph separators: line breaks, like CR and LF;
 * - the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, which
 *   reorder what is displayed ("Trojan Source", CVE-2021-42574);
 * - a lone surrogate, which is no character at all and cannot be written as UTF-8.
 * Still allowed: the bidi marks U+200E, U+200F and U+061C, and the zero-width (non-)joiners
 * U+200C, U+200D, which right-to-left scripts, Indic scripts and emoji need and which reorder nothing.
 * FORBIDDEN_CHARACTERS is the class as regular-expression source, for the OpenAPI document's patterns too.
 */
export const FORBIDDEN_CHARACTERS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const FORBIDDEN = new RegExp(`[${FORBIDDEN_CHARACTERS}]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`);

/** Printable ASCII, most text this service sees: nothing to refuse and nothing to normalise. */
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

export const FORBIDDEN_TEXT_MESSAGE =
  'must not contain control characters, line or paragraph separators, or bidirectional embedding, override or isolate characters';

/** The first forbidden character as `U+XXXX`, or null. */
export function forbiddenCharacter(text: string): string | null {
  const found = FORBIDDEN.exec(text);
  return found ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/**
 * Every string in `value` (object keys included) checked, and values normalised to NFC so that
 * the same name always has the same code points. Returns a copy; `field` names the top.
 * Iterative: what it is given may come from anywhere, so its depth is not trusted.
 */
export function checkText(value: unknown, field = ''): { value: unknown; errors: FieldError[] } {
  const errors = new Map<string, string>();
  const refuse = (at: string, message: string) => { if (!errors.has(at || 'body')) errors.set(at || 'body', message); };
  const root: Record<string, unknown> = {};
  // Breadth first through a growing queue, so errors come in the order the fields are written.
  const queue: Array<{ from: unknown; into: Record<string, unknown> | unknown[]; key: string | number; path: string }> =
    [{ from: value, into: root, key: 'value', path: field }];
  for (let next = 0; next < queue.length; next++) {
    const { from, into, key, path } = queue[next];
    let copy: unknown = from;
    if (typeof from === 'string' && !PRINTABLE_ASCII.test(from)) {
      const found = forbiddenCharacter(from);
      if (found) refuse(path, `${FORBIDDEN_TEXT_MESSAGE} (found ${found})`);
      copy = from.normalize('NFC');
    } else if (Array.isArray(from)) {
      const array: unknown[] = new Array(from.length);
      from.forEach((item, index) => queue.push({ from: item, into: array, key: index, path: `${path}[${index}]` }));
      copy = array;
    } else if (isPlainObject(from)) {
      const object: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(from)) {
        const found = forbiddenCharacter(name);
        if (found) {
          refuse(path, `has a key holding ${found}: keys ${FORBIDDEN_TEXT_MESSAGE}`);
          continue;
        }
        queue.push({ from: item, into: object, key: name, path: path ? `${path}.${name}` : name });
      }
      copy = object;
    }
    // A __proto__ key stays a plain own property, as JSON.parse made it, instead of setting the prototype.
    if (key === '__proto__') Object.defineProperty(into, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else (into as Record<string, unknown>)[key] = copy;
  }
  return { value: root.value, errors: [...errors].map(([at, message]) => ({ field: at, message })) };
}

/** A record as JSON or a query string parser makes it (fast-querystring's has a prototype-less prototype). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null;
}
