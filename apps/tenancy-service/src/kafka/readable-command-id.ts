import { stringEnd } from '../input/safe-json';
import { VISIBLE_ID } from '../input/visible-id';

/**
 * The `commandId` of a message whose value the JSON reader refused for a rule of ours (a key
 * twice, `__proto__`, too deep) or whose bytes are no UTF-8, so that its sender still gets a
 * rejected result. "Could be read" means: the value is JSON text (read as UTF-8, bad bytes as
 * U+FFFD: an id is visible ASCII, so none can be in it), its top level is an object, and that
 * object has exactly one `commandId` member, a string that is a valid id. Two `commandId`s
 * (the refused duplicate may be that very key) name no command, and neither does text that is
 * not JSON at all. One pass over the text, without recursion; only the top level's keys are
 * decoded.
 */
export function readableCommandId(text: string): string | undefined {
  let depth = 0;
  let expectKey = false;
  let found: string | undefined;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth === 1) expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x2c /* , */ && depth === 1) {
      expectKey = true;
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      if (depth === 1 && expectKey) {
        expectKey = false;
        if (decoded(text.slice(i, end + 1)) === 'commandId') {
          count++;
          const value = valueAfter(text, end + 1);
          found = value?.id;
          i = value ? value.end : end;
          continue;
        }
      }
      i = end;
    }
  }
  if (count !== 1 || found === undefined || !isJson(text)) return undefined;
  return found;
}

/** The string value after a key's closing quote (`: "..."`), when it is one. */
function valueAfter(text: string, from: number): { id: string | undefined; end: number } | undefined {
  const colon = /^\s*:\s*/.exec(text.slice(from, from + 64));
  if (!colon) return undefined;
  const start = from + colon[0].length;
  if (text.charCodeAt(start) !== 0x22) return undefined;
  const end = stringEnd(text, start);
  if (end < 0) return undefined;
  const id = decoded(text.slice(start, end + 1));
  return { id: id !== undefined && VISIBLE_ID.test(id) ? id : undefined, end };
}

function decoded(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/** JSON.parse reads any depth without recursion in V8; nothing walks what it returns here. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
