import { assertFieldName, type ListCursors } from './cursor';
import type { CursorPosition, FieldValue, ListQuery, OpenedListQuery } from './read-store.port';

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

/**
 * A slice's range once its equality point fixes the sort value too (a list of one environment,
 * sorted by environment): then only ids order the slice, so a cursor is an id seek, the whole
 * slice, or nothing of it. The index `(filter fields…, id)` serves it.
 */
export type SliceRange = CursorRange | { kind: 'tiesBeyond'; id: string };

/** One equality point of the filter and one cursor range: a single seek in one index. */
export interface ListSlice {
  equals: Record<string, FieldValue>;
  range: SliceRange;
}

/** Enough slices to merge in memory; more than this is a query the indexes were not built for. */
export const MAX_SLICES = 64;

/**
 * The query with its cursor read: it starts past the cursor's position, or past the query's own
 * `start` when that is later in the list's order (a page read a while ago of open invitations
 * starts at now, not at one that has expired since). A cursor the list did not hand out is refused
 * here, before anything is read.
 */
export function openedQuery(query: ListQuery, cursors: ListCursors): OpenedListQuery {
  const { after, ...rest } = query;
  if (!after) return rest;
  const position = cursors.decode(after, query);
  const start = query.start === undefined || order(position, query.start, query.sort.descending) > 0 ? position : query.start;
  return { ...rest, start };
}

/** Which of two positions comes later in a list: nulls first ascending, and descending is the reverse. */
function order(a: CursorPosition, b: CursorPosition, descending: boolean): number {
  const ascending = a.value === null || b.value === null
    ? Number(a.value !== null) - Number(b.value !== null) || compareIds(a.id, b.id)
    : compare(a.value, b.value) || compareIds(a.id, b.id);
  return descending ? -ascending : ascending;
}

const compareIds = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);

export function cursorRanges(query: Pick<OpenedListQuery, 'start' | 'sort'>): CursorRange[] {
  if (!query.start) return [{ kind: 'everything' }];
  const { value, id } = query.start;
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
export function listSlices(query: OpenedListQuery): ListSlice[] {
  const points = equalityPoints(query.filter);
  const ranges = cursorRanges(query);
  if (points.length * ranges.length > MAX_SLICES) {
    throw new Error(`A list of ${points.length * ranges.length} index slices; at most ${MAX_SLICES} are merged`);
  }
  return points.flatMap((equals) => ranges.flatMap((range) => {
    const fixed = fixesSort(equals, query.sort.field) ? withFixedSort(range, equals[query.sort.field], query.sort.descending) : range;
    return fixed ? [{ equals, range: fixed }] : [];
  }));
}

/** The range of a slice whose every row has the sort value `fixed`; null when none of it is left. */
function withFixedSort(range: CursorRange, fixed: FieldValue, descending: boolean): SliceRange | null {
  switch (range.kind) {
    case 'everything': return range;
    case 'notNull': return fixed === null ? null : { kind: 'everything' };
    case 'nulls':
      if (fixed !== null) return null;
      return range.idBeyond === undefined ? { kind: 'everything' } : { kind: 'tiesBeyond', id: range.idBeyond };
    case 'beyond': {
      if (fixed === null) return null;
      const order = compare(fixed, range.value);
      if (order === 0) return { kind: 'tiesBeyond', id: range.id };
      return (descending ? order < 0 : order > 0) ? { kind: 'everything' } : null;
    }
  }
}

const fixesSort = (equals: Record<string, FieldValue>, sortField: string) => Object.prototype.hasOwnProperty.call(equals, sortField);

/** Sort order of two values of one field; booleans as SQLite keeps them (false 0 before true 1). */
function compare(a: Exclude<FieldValue, null>, b: Exclude<FieldValue, null>): number {
  const [x, y] = [a, b].map((v) => (typeof v === 'boolean' ? Number(v) : v));
  return x === y ? 0 : x < y ? -1 : 1;
}

export function isList(value: FieldValue | readonly FieldValue[] | undefined): value is readonly FieldValue[] {
  return Array.isArray(value);
}

/**
 * A list that neither filters nor searches. An index in its sort order holds its pages as they
 * are, so reading that index from the start stops at the limit: a page, not the collection.
 */
export function unconditioned(query: Pick<ListQuery, 'filter' | 'contains'>): boolean {
  return Object.keys(query.filter ?? {}).length === 0 && !query.contains;
}
