/** Reading and replacing a value by its path in an event's data or metadata (`changes.contactEmail`). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function valueAt(root: Record<string, unknown>, path: string): unknown {
  let value: unknown = root;
  for (const part of path.split('.')) {
    if (!isPlainObject(value)) return undefined;
    value = value[part];
  }
  return value;
}

/** A copy with the value at `path` replaced; the objects along the path are copied, never changed. */
export function withValueAt(root: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...root, [head]: value };
  const inner = isPlainObject(root[head]) ? root[head] : {};
  return { ...root, [head]: withValueAt(inner, rest.join('.'), value) };
}
