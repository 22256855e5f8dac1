/**
 * JSON with every object's keys sorted (by UTF-16 code units, as Array.prototype.sort does),
 * no whitespace, and otherwise exactly what JSON.stringify writes: `toJSON` honoured, undefined
 * and function properties left out, and undefined array items written as null. So the same
 * value hashes the same before it is stored and after it is read back, whatever order a store
 * keeps its keys in (docs/tamper-evidence.md). Written by hand, one string built as it goes:
 * it runs on every append.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** Canonical JSON of an object without one of its keys (an event's metadata without its hash). */
export function canonicalJsonWithout(object: Record<string, unknown>, left: string): string {
  return writeObject(object, left);
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'number': return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean': return value ? 'true' : 'false';
    case 'object': return value === null ? 'null' : writeObject(value as Record<string, unknown>);
    case 'bigint': return JSON.stringify(value); // throws, as JSON does
    default: return undefined; // undefined, functions, symbols
  }
}

function writeObject(object: Record<string, unknown>, left?: string): string {
  if (typeof object.toJSON === 'function') return write(object.toJSON()) ?? 'null';
  if (Array.isArray(object)) {
    let out = '[';
    for (let i = 0; i < object.length; i++) out += `${i === 0 ? '' : ','}${write(object[i]) ?? 'null'}`;
    return `${out}]`;
  }
  const keys = Object.keys(object);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const key of keys) {
    if (key === left) continue;
    const written = write(object[key]);
    if (written === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${written}`;
  }
  return `${out}}`;
}
