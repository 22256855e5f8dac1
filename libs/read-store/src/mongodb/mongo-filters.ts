import { Long, type Filter } from 'mongodb';
import { assertFieldName } from '../cursor';
import type { ListSlice } from '../list-slices';
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
  /** The lease epoch of the fenced write that wrote it last; an older epoch may not overwrite it. */
  _epoch?: number;
  [field: string]: unknown;
}

/** Fields the adapter adds; a doc may not use them. */
export const INTERNAL_FIELDS = ['_id', '_position', '_removed', '_companyIdAdded', '_epoch'] as const;

/** Matches live documents, never tombstones. */
export const LIVE: Filter<StoredShape> = { _removed: { $ne: true } };

/** Matches what a write of `epoch` may overwrite: written by no newer epoch (or unfenced). */
export const notNewerThan = (epoch: number) => ({ $not: { $gt: epoch } });

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

/** Case-sensitive substring: the projection stores the field folded (`searchKey`), and the query text is folded too. */
export function containsText(field: string, text: string): Filter<StoredShape> {
  return { [assertFieldName(field)]: { $regex: String(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') } };
}

/**
 * The adapter's own fields holding the grams of a searched field (every window of one, two and
 * three characters, `gramsOf`), each with a multikey index. Until 2026-12-03 they held trigrams
 * only, under `_trigrams_<field>`; `ensureCollection` rewrites those.
 */
export const GRAMS_FIELD_PREFIX = '_grams_';
export const gramsFieldOf = (field: string) => `${GRAMS_FIELD_PREFIX}${assertFieldName(field)}`;
export const LEGACY_TRIGRAM_FIELD_PREFIX = '_trigrams_';
export const legacyTrigramFieldOf = (field: string) => `${LEGACY_TRIGRAM_FIELD_PREFIX}${assertFieldName(field)}`;
/** Whether a top-level field is one of the adapter's gram fields, current or legacy. */
export const isGramsField = (name: string) => name.startsWith(GRAMS_FIELD_PREFIX) || name.startsWith(LEGACY_TRIGRAM_FIELD_PREFIX);

/**
 * One index slice as MongoDB filters, each a single range of `(sort field, _id)`: a point of the
 * equality filter and a cursor range. A pair comparison `(sort, _id) > (v, id)` has no single
 * range in MongoDB, so it is two: `sort > v`, and `sort = v, _id > id`. Comparison operators
 * never match null, while sorting puts nulls first ascending and last descending, so nulls are
 * ranges of their own (see CursorRange).
 */
export function sliceFilters({ equals, range }: ListSlice, sortField: string, descending: boolean): Filter<StoredShape>[] {
  const op = descending ? '$lt' : '$gt';
  const field = assertFieldName(sortField);
  const point = equalTo(equals);
  switch (range.kind) {
    case 'everything': return [allOf(point)];
    case 'beyond': return [
      allOf([...point, { [field]: { [op]: range.value } }]),
      allOf([...point, { [field]: { $eq: range.value } }, { _id: { [op]: range.id } }]),
    ];
    case 'nulls': return [allOf([...point, { [field]: { $eq: null } }, ...(range.idBeyond === undefined ? [] : [{ _id: { [op]: range.idBeyond } }])])];
    case 'notNull': return [allOf([...point, { [field]: { $ne: null } }])];
    case 'tiesBeyond': return [allOf([...point, { _id: { [op]: range.id } }])];
  }
}

/**
 * Conditions on distinct fields become one plain filter document, the form every server plans
 * best (FerretDB pushes down only top-level equalities); a field named twice needs `$and`.
 */
export function allOf(conditions: Filter<StoredShape>[]): Filter<StoredShape> {
  const merged: Filter<StoredShape> = {};
  for (const condition of conditions) {
    for (const [key, value] of Object.entries(condition)) {
      if (key in merged) return { $and: conditions };
      (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}
