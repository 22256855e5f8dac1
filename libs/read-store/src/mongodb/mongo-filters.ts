import { Long, type Filter } from 'mongodb';
import { assertFieldName, type CursorPosition } from '../cursor';
import type { FieldValue } from '../read-store.port';

/**
 * One read model as MongoDB holds it: `_id` is the document id, the doc's own fields sit
 * at top level (so indexes and queries address them directly), beside these internals.
 */
export interface StoredShape {
  _id: string;
  companyId?: string;
  /** Global position of the last event applied to this id, as an Int64. */
  _position: Long | bigint | number;
  /** A tombstone: the id was removed at `_position`, so older writes must not bring it back. */
  _removed?: true;
  /** The doc had no `companyId` of its own; the top-level one was added for the index. */
  _companyIdAdded?: true;
  [field: string]: unknown;
}

/** Fields the adapter adds; a doc may not use them. */
export const INTERNAL_FIELDS = ['_id', '_position', '_removed', '_companyIdAdded'] as const;

/** Matches live documents, never tombstones. */
export const LIVE: Filter<StoredShape> = { _removed: { $ne: true } };

const INT64_MAX = 2n ** 63n - 1n;

export function toLong(position: bigint): Long {
  if (position < 0n || position > INT64_MAX) throw new RangeError(`Position ${position} is outside 0..2^63-1`);
  return Long.fromBigInt(position);
}

export function fromStored(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (Long.isLong(value)) return value.toBigInt();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new TypeError(`Stored position is not an integer: ${String(value)}`);
}

/** `$eq` everywhere, so a value can never be read as an operator. */
export function equalTo(filter: Record<string, FieldValue>): Filter<StoredShape>[] {
  return Object.entries(filter).map(([field, value]) => ({ [assertFieldName(field)]: { $eq: value } }));
}

/** Case-sensitive substring: the projection stores the field lower-cased already. */
export function containsText(field: string, text: string): Filter<StoredShape> {
  return { [assertFieldName(field)]: { $regex: String(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') } };
}

/**
 * Everything after the cursor in `(field, _id)` order. Comparison operators never match
 * null or a missing field, while sorting puts nulls first, so null gets its own clauses.
 */
export function afterCursor(field: string, descending: boolean, { value, id }: CursorPosition): Filter<StoredShape> {
  const op = descending ? '$lt' : '$gt';
  const tie = { [field]: { $eq: value }, _id: { [op]: id } };
  if (value === null) return descending ? tie : { $or: [{ [field]: { $ne: null } }, tie] };
  const beyond: Filter<StoredShape>[] = [{ [field]: { [op]: value } }, tie];
  if (descending) beyond.push({ [field]: { $eq: null } });
  return { $or: beyond };
}
