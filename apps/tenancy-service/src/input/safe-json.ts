/**
 * JSON from outside (HTTP bodies, Kafka commands), read the one way this service reads it.
 *
 * `JSON.parse` takes any depth and keeps the last of two equal keys. Everything after it that
 * walks the value (class-transformer, Nest's validation pipe, `JSON.stringify`) is recursive, so
 * thousands of nested brackets overflow the stack; and a duplicate key lets two readers of the
 * same text see different values (RFC 7493, I-JSON). So the text is scanned first, without
 * recursion, for its depth and its keys, and only then parsed.
 */

/** Deep enough for every message this service takes (the deepest is 3), shallow for every recursive walker. */
export const MAX_JSON_DEPTH = 32;

export type JsonRefusal =
  | { reason: 'malformed' }
  /** Bytes that are no UTF-8 (RFC 8259 §8.1: JSON between systems is UTF-8), so no JSON text. */
  | { reason: 'not_utf8' }
  | { reason: 'too_deep'; maxDepth: number; detail: string }
  | { reason: 'duplicate_key'; path: string; detail: string }
  | { reason: 'forbidden_key'; path: string; detail: string };

export type JsonRead = { ok: true; value: unknown } | { ok: false; refusal: JsonRefusal };

interface Container {
  path: string;
  /** Keys seen so far; undefined for an array. */
  keys?: Set<string>;
  /** In an object: the next string is a key. */
  expectKey: boolean;
  /** In an array: the index of the current element. */
  index: number;
  /** The key of the member being read, while its value is read. */
  key?: string;
}

/** A JSON object: not null, not an array. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Fatal: a lenient decoder turns each bad byte into U+FFFD, and that would be stored as if sent.
 * The BOM is kept as a character (which JSON.parse refuses), as reading the text as a string did.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** JSON sent as bytes: strict UTF-8 first, then as `readJson`. */
export function readJsonBytes(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): JsonRead {
  const text = utf8Text(bytes);
  return text === null ? { ok: false, refusal: { reason: 'not_utf8' } } : readJson(text, maxDepth);
}

/** The bytes as UTF-8 text; null when they are not UTF-8. */
export function utf8Text(bytes: Uint8Array): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

export function readJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonRead {
  const refused = scan(text, maxDepth);
  if (refused) return { ok: false, refusal: refused };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, refusal: { reason: 'malformed' } };
  }
}

/**
 * Depth and keys, in one pass with an explicit stack. Grammar is left to `JSON.parse`: the
 * scan only has to be right about text that is valid JSON, and anything else fails there.
 */
function scan(text: string, maxDepth: number): JsonRefusal | null {
  const stack: Container[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) {
        return { reason: 'too_deep', maxDepth, detail: `JSON may nest at most ${maxDepth} objects and arrays deep` };
      }
      stack.push({ path: top ? memberPath(top) : '', keys: c === 0x7b ? new Set() : undefined, expectKey: c === 0x7b, index: 0 });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */ && top) {
      if (top.keys) top.expectKey = true;
      else top.index++;
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (end < 0) return null; // unterminated: JSON.parse says so
      if (top?.keys && top.expectKey) {
        const refused = member(top, text.slice(i, end + 1));
        if (refused) return refused;
      }
      i = end;
    }
  }
  return null;
}

/** Records a key of the object on top, refusing a repeat and the keys that reach prototypes. */
function member(object: Container, literal: string): JsonRefusal | null {
  let key: string;
  try {
    key = JSON.parse(literal) as string;
  } catch {
    return null; // a bad escape: JSON.parse refuses the whole text
  }
  object.expectKey = false;
  object.key = key;
  const path = memberPath(object);
  const underConstructor = object.path === 'constructor' || object.path.endsWith('.constructor');
  if (key === '__proto__' || (key === 'prototype' && underConstructor)) {
    return { reason: 'forbidden_key', path, detail: `The key ${path} is not allowed` };
  }
  if (object.keys!.has(key)) return { reason: 'duplicate_key', path, detail: `The key ${path} appears more than once` };
  object.keys!.add(key);
  return null;
}

/** Where the value being read sits, as field errors name it: `a.b`, `a[2].c`. */
function memberPath(container: Container): string {
  if (!container.keys) return `${container.path}[${container.index}]`;
  return container.path ? `${container.path}.${container.key}` : container.key ?? '';
}

/** Index of the quote that closes the string opened at `start`, or -1. */
export function stringEnd(text: string, start: number): number {
  for (let from = start + 1; ;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    // Escaped only when an odd number of backslashes comes before it.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}
