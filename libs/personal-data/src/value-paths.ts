/** Reading and replacing a value by its path in an event's data or metadata (`changes.contactEmail`). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Paths split once: the same few declared paths come up for every event. */
const SPLIT_PATHS = new Map<string, string[]>();
/** Paths kept split at most (the domain declares a few dozen). */
const SPLIT_PATHS_LIMIT = 1_000;

function partsOf(path: string): string[] {
  let parts = SPLIT_PATHS.get(path);
  if (!parts) {
    parts = path.split('.');
    if (SPLIT_PATHS.size < SPLIT_PATHS_LIMIT) SPLIT_PATHS.set(path, parts);
  }
  return parts;
}

export function valueAt(root: Record<string, unknown>, path: string): unknown {
  let value: unknown = root;
  for (const part of partsOf(path)) {
    if (!isPlainObject(value)) return undefined;
    value = value[part];
  }
  return value;
}

/** A copy with the value at `path` replaced; the objects along the path are copied, never changed. */
export function withValueAt(root: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  return withPartsAt(root, partsOf(path), 0, value);
}

function withPartsAt(root: Record<string, unknown>, parts: string[], at: number, value: unknown): Record<string, unknown> {
  const head = parts[at];
  const copy = { ...root };
  if (at === parts.length - 1) copy[head] = value;
  else copy[head] = withPartsAt(isPlainObject(root[head]) ? root[head] : {}, parts, at + 1, value);
  return copy;
}
