/**
 * JSON with every object's keys sorted (by UTF-16 code units, as Array.prototype.sort does),
 * no whitespace, and otherwise exactly what JSON.stringify writes: `toJSON` honoured, undefined
 * and function properties left out, and undefined array items written as null. So the same
 * value hashes the same before it is stored and after it is read back, whatever order a store
 * keeps its keys in (docs/tamper-evidence.md).
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const written = write((value as Record<string, unknown>)[key]);
    if (written !== undefined) parts.push(`${JSON.stringify(key)}:${written}`);
  }
  return `{${parts.join(',')}}`;
}
