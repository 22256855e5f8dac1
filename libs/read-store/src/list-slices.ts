import { assertFieldName, decodeCursor } from './cursor';
import type { FieldValue, ListQuery } from './read-store.port';

/**
 * Where a page starts, as ranges of `(sort value, id)` in the list's direction. Each range is one
 * contiguous stretch of an index keyed `(equality fields…, sort field, id)`, so every adapter can
 * seek to it instead of scanning from the start. Nulls sort first ascending and last descending
 * (SQLite and MongoDB agree), which is why a cursor can need two ranges.
 */
export type CursorRange =
  | { kind: 'everything' }
  /** Non-null sort values strictly beyond `(value, id)`. */
  | { kind: 'beyond'; value: Exclude<FieldValue, null>; id: string }
  /** Null (or missing) sort values, with the id beyond `idBeyond` when given. */
  | { kind: 'nulls'; idBeyond?: string }
  | { kind: 'notNull' };

/** One equality point of the filter and one cursor range: a single seek in one index. */
export interface ListSlice {
  equals: Record<string, FieldValue>;
  range: CursorRange;
}

/** Enough slices to merge in memory; more than this is a query the indexes were not built for. */
export const MAX_SLICES = 64;

export function cursorRanges(query: Pick<ListQuery, 'after' | 'sort'>): CursorRange[] {
  if (!query.after) return [{ kind: 'everything' }];
  const { value, id } = decodeCursor(query.after);
  const descending = query.sort.descending;
  if (value === null) return descending ? [{ kind: 'nulls', idBeyond: id }] : [{ kind: 'nulls', idBeyond: id }, { kind: 'notNull' }];
  return descending ? [{ kind: 'beyond', value, id }, { kind: 'nulls' }] : [{ kind: 'beyond', value, id }];
}

/** Every combination of the filter's values: `{a: [1, 2], b: 3}` gives `{a: 1, b: 3}` and `{a: 2, b: 3}`. */
export function equalityPoints(filter: ListQuery['filter'] = {}): Record<string, FieldValue>[] {
  let points: Record<string, FieldValue>[] = [{}];
  for (const [field, wanted] of Object.entries(filter)) {
    assertFieldName(field);
    const values = isList(wanted) ? [...new Set(wanted)] : [wanted];
    points = points.flatMap((point) => values.map((value) => ({ ...point, [field]: value })));
  }
  return points;
}

/** The slices a page is read from; an empty list matches nothing. */
export function listSlices(query: ListQuery): ListSlice[] {
  const points = equalityPoints(query.filter);
  const ranges = cursorRanges(query);
  if (points.length * ranges.length > MAX_SLICES) {
    throw new Error(`A list of ${points.length * ranges.length} index slices; at most ${MAX_SLICES} are merged`);
  }
  return points.flatMap((equals) => ranges.map((range) => ({ equals, range })));
}

export function isList(value: FieldValue | readonly FieldValue[] | undefined): value is readonly FieldValue[] {
  return Array.isArray(value);
}
