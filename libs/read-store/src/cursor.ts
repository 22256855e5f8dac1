import { createHash } from 'node:crypto';
import { InvalidCursor, type FieldValue, type ListQuery, type SortKind } from './read-store.port';

/** A page boundary: the sort value and id of the last item handed out. */
export interface CursorPosition {
  value: FieldValue;
  id: string;
}

/** What a cursor belongs to: the list's order and what the list is cut to. */
export type CursorScope = Pick<ListQuery, 'sort' | 'filter' | 'contains'>;

/**
 * `[value, id, sort, scope]`, base64url JSON. The sort (`-at`) is written out and the filters and
 * search as a digest, so a cursor taken from one list and sent with another (another sort, other
 * filters) is refused instead of read as a position it never was; the value must be a scalar of
 * the sort field's kind, so a made-up `{}` or `0` never reaches a store's comparison.
 */
export function encodeCursor(position: CursorPosition, scope: CursorScope): string {
  const value = scope.sort.kind === 'boolean' && typeof position.value === 'number' ? position.value !== 0 : position.value;
  return Buffer.from(JSON.stringify([value, position.id, sortName(scope), scopeDigest(scope)])).toString('base64url');
}

export function decodeCursor(cursor: string, scope: CursorScope): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw new InvalidCursor();
  const [value, id, sort, digest] = parsed as unknown[];
  if (typeof id !== 'string' || sort !== sortName(scope) || digest !== scopeDigest(scope)) throw new InvalidCursor();
  if (!ofKind(value, scope.sort.kind)) throw new InvalidCursor();
  return { value, id };
}

function ofKind(value: unknown, kind: SortKind | undefined): value is FieldValue {
  if (value === null) return true;
  if (typeof value === 'number' && !Number.isFinite(value)) return false;
  const type = typeof value;
  return kind === undefined ? type === 'string' || type === 'number' || type === 'boolean' : type === kind;
}

const sortName = ({ sort }: CursorScope) => `${sort.descending ? '-' : ''}${sort.field}`;

/** The filters and search, keys and listed values in one order, hashed: a filter can hold an email. */
function scopeDigest({ filter = {}, contains }: CursorScope): string {
  const filters = Object.keys(filter).sort().map((field) => {
    const wanted = filter[field];
    return [field, Array.isArray(wanted) ? [...new Set(wanted)].map((v) => JSON.stringify(v)).sort() : JSON.stringify(wanted)];
  });
  const canonical = JSON.stringify([filters, contains ? [contains.field, contains.text] : null]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** Field names reach SQL and Mongo paths, so only plain identifiers are allowed. */
export function assertFieldName(field: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new Error(`Invalid field name: ${field}`);
  return field;
}
