import { assertFieldName } from '../cursor';
import { cursorRanges, equalityPoints, isList, listSlices, unconditioned, type CursorRange, type ListSlice, type SliceRange } from '../list-slices';
import type { FieldValue, ListQuery } from '../read-store.port';
import { probeTrigrams, TRIGRAM } from '../search-key';
import { fieldSql, gramsTableOf, PAGE_COLUMN, searchTableOf, type TableSchema } from './sqlite-schema';

/** One SQL statement and its parameters. */
export interface Statement { sql: string; params: unknown[] }

/**
 * The page query. Each slice (one equality point, one cursor range) is a seek in the index keyed
 * `(filter fields…, sort field, id)` that reads at most `limit + 1` entries; several slices are
 * merged by `UNION ALL … ORDER BY … LIMIT`, and only the page's rows are then read whole. A
 * search rides along the same walk as a condition on each row: against the trigram index's
 * matches when there is one (read once, then each index entry is checked by its rowid without
 * reading the row), and against the text itself.
 */
export function pageQuery(schema: TableSchema, query: ListQuery): Statement {
  const sort = sortOf(schema, query);
  const hits = matchExpression(schema, query);
  const slices = listSlices(query).map((slice) => sliceWhere(schema, slice, sort, residualSearch(schema, query, hits !== null)));
  const limit = query.limit + 1;
  const withHits = hits === null ? { sql: '', params: [] }
    : { sql: `WITH hits (candidate) AS MATERIALIZED (SELECT rowid FROM ${searchTableOf(schema.table, schema.search!)} WHERE ${searchTableOf(schema.table, schema.search!)} MATCH ?) `, params: [hits] };
  if (slices.length === 1) {
    const [{ where, params }] = slices;
    return {
      sql: `${withHits.sql}SELECT id, ${documentOf(schema, query)} AS doc, ${sort.sql} AS sort_value FROM ${schema.table}${where} ORDER BY ${sort.order} LIMIT ?`,
      params: [...withHits.params, ...params, limit],
    };
  }
  const parts = slices.map(({ where, params }) => ({
    sql: `SELECT id, ${sort.sql} AS sort_value FROM ${schema.table}${where} ORDER BY ${sort.order} LIMIT ?`, params: [...params, limit],
  }));
  return mergedPage(schema, sort, parts, limit, withHits.sql ? withHits.sql.replace(/ $/, ', ') : 'WITH ', withHits.params);
}

/**
 * What a page reads of each row: the page column when the list is unconditioned (so an index of
 * its sort field alone serves it, and carries the column) and asks for no field outside it;
 * otherwise the whole document.
 */
function documentOf(schema: TableSchema, query: ListQuery): string {
  const served = unconditioned(query) && query.fields !== undefined && query.fields.every((field) => schema.pageFields.has(field));
  return served ? PAGE_COLUMN : 'doc';
}

/**
 * Parts, each `SELECT id, sort_value … ORDER BY … LIMIT ?` in the list's order, merged by
 * `UNION ALL … ORDER BY … LIMIT`; only the page's rows are then read whole.
 */
function mergedPage(schema: TableSchema, sort: Sort, parts: Statement[], limit: number, with_ = 'WITH ', withParams: unknown[] = []): Statement {
  return {
    sql: `${with_}page AS (${parts.map(({ sql }) => `SELECT id, sort_value FROM (${sql})`).join(' UNION ALL ')} ORDER BY ${sort.order} LIMIT ?)
      SELECT t.id, t.doc, page.sort_value FROM page JOIN ${schema.table} AS t ON t.id = page.id
      ORDER BY ${sort.order.replace(/sort_value|id/g, 'page.$&')}`,
    params: [...withParams, ...parts.flatMap(({ params }) => params), limit],
  };
}

/**
 * A search matching many rows, read in sort order from the entries of its likeliest-rare trigram
 * (the sort's `searchSorts` table): each entry's row is checked against the filters and the whole
 * text until the page is full, so a page costs about a page of rows however many rows match and
 * wherever they sit in the sort order. Rows whose sort value is null have no entries; they come
 * from the sort index as an unsearched list's would. Null when the sort has no such table.
 */
export function sortedMatchesQuery(schema: TableSchema, query: ListQuery): Statement | null {
  const text = searchText(schema, query);
  if (text === null || Array.from(text).length < TRIGRAM || !schema.searchSorts.has(assertFieldName(query.sort.field))) return null;
  const sort = sortOf(schema, query);
  const limit = query.limit + 1;
  const direction = query.sort.descending ? 'DESC' : 'ASC';
  const conditions: Statement[] = Object.entries(query.filter ?? {})
    .map(([field, wanted]) => anyOf(fieldSql(schema, field), isList(wanted) ? wanted : [wanted]));
  // The rows' columns need no table name: the grams table has none of theirs (gram, sort_value, row).
  conditions.push({ sql: `instr(${fieldSql(schema, schema.search!)}, ?) > 0`, params: [text] });
  const checked = { sql: conditions.map((c) => c.sql).join(' AND '), params: conditions.flatMap((c) => c.params) };
  const [gram] = probeTrigrams(text, 1);
  const ranges = cursorRanges(query).flatMap((range): CursorRange[] => (range.kind === 'everything' ? [{ kind: 'nulls' }, { kind: 'notNull' }] : [range]));
  const parts = ranges.flatMap((range): Statement[] => {
    if (range.kind === 'nulls') {
      return equalityPoints(query.filter).map((equals) => {
        const { where, params } = sliceWhere(schema, { equals, range }, sort, residualSearch(schema, query, false));
        return { sql: `SELECT id, ${sort.sql} AS sort_value FROM ${schema.table}${where} ORDER BY ${sort.order} LIMIT ?`, params: [...params, limit] };
      });
    }
    // Seek to the cursor's value, then pass its ties up to its id.
    const seek = range.kind === 'beyond'
      ? { sql: ` AND g.sort_value ${sort.op}= ? AND (g.sort_value, t.id) ${sort.op} (?, ?)`, params: [bindable(range.value), bindable(range.value), range.id] }
      : { sql: '', params: [] };
    return [{
      sql: `SELECT t.id AS id, g.sort_value AS sort_value FROM ${gramsTableOf(schema.table, query.sort.field)} AS g
        CROSS JOIN ${schema.table} AS t ON t.rowid = g.row WHERE g.gram = ?${seek.sql} AND ${checked.sql}
        ORDER BY g.sort_value ${direction}, t.id ${direction} LIMIT ?`,
      params: [gram, ...seek.params, ...checked.params, limit],
    }];
  });
  return mergedPage(schema, sort, parts, limit);
}

/** The FTS5 lookup of candidate rows, or null when the trigram index cannot serve this search. */
export function candidatesQuery(schema: TableSchema, query: ListQuery, searchLimit: number): Statement | null {
  const match = matchExpression(schema, query);
  if (match === null) return null;
  const fts = searchTableOf(schema.table, schema.search!);
  return { sql: `SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? LIMIT ?`, params: [match, searchLimit + 1] };
}

/**
 * Rows holding the likeliest-rare trigrams of the text (detail=none keeps no positions, so no
 * phrase): a superset of the matches, which `instr` then checks against the whole text.
 */
function matchExpression(schema: TableSchema, query: ListQuery): string | null {
  const text = searchText(schema, query);
  if (text === null || Array.from(text).length < TRIGRAM) return null;
  return probeTrigrams(text).map((gram) => `"${gram.replace(/"/g, '""')}"`).join(' AND ');
}

/**
 * The page from the candidates the trigram index found: at most `searchLimit` rows, each read
 * by rowid (CROSS JOIN keeps that order of reading), checked, filtered and sorted.
 */
export function candidatePageQuery(schema: TableSchema, query: ListQuery, candidates: number[]): Statement {
  const sort = sortOf(schema, query);
  const clauses: string[] = [];
  const params: unknown[] = [JSON.stringify(candidates)];
  for (const [field, wanted] of Object.entries(query.filter ?? {})) {
    const term = anyOf(fieldSql(schema, field), isList(wanted) ? wanted : [wanted]);
    clauses.push(term.sql);
    params.push(...term.params);
  }
  const ranges = [...new Set(listSlices({ ...query, filter: {} }).map((slice) => slice.range))].map((range) => rangeSql(range, sort));
  if (ranges.some((r) => r.sql)) {
    clauses.push(`(${ranges.map((r) => r.sql || '1').join(' OR ')})`);
    params.push(...ranges.flatMap((r) => r.params));
  }
  clauses.push(`instr(${fieldSql(schema, schema.search!)}, ?) > 0`);
  params.push(searchText(schema, query));
  return {
    sql: `WITH hit (candidate) AS (SELECT value FROM json_each(?))
      SELECT id, doc, ${sort.sql} AS sort_value FROM hit CROSS JOIN ${schema.table} ON rowid = candidate
      WHERE ${clauses.join(' AND ')} ORDER BY ${sort.order} LIMIT ?`,
    params: [...params, query.limit + 1],
  };
}

interface Sort { sql: string; order: string; op: '<' | '>' }

function sortOf(schema: TableSchema, query: ListQuery): Sort {
  const direction = query.sort.descending ? 'DESC' : 'ASC';
  return {
    sql: fieldSql(schema, assertFieldName(query.sort.field)),
    order: `sort_value ${direction}, id ${direction}`,
    op: query.sort.descending ? '<' : '>',
  };
}

function sliceWhere(schema: TableSchema, { equals, range }: ListSlice, sort: Sort, residual: Statement | null) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [field, value] of Object.entries(equals)) {
    const term = anyOf(fieldSql(schema, field), [value]);
    clauses.push(term.sql);
    params.push(...term.params);
  }
  const cursor = rangeSql(range, sort);
  if (cursor.sql) {
    clauses.push(cursor.sql);
    params.push(...cursor.params);
  }
  if (residual) {
    clauses.push(residual.sql);
    params.push(...residual.params);
  }
  return { where: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

/** A cursor range as one index seek: a row value for `(sort, id)`, so SQLite starts at the cursor. */
function rangeSql(range: SliceRange, sort: Sort): Statement {
  switch (range.kind) {
    case 'everything': return { sql: '', params: [] };
    case 'beyond': return { sql: `(${sort.sql}, id) ${sort.op} (?, ?)`, params: [bindable(range.value), range.id] };
    case 'nulls': return range.idBeyond === undefined
      ? { sql: `${sort.sql} IS NULL`, params: [] }
      : { sql: `${sort.sql} IS NULL AND id ${sort.op} ?`, params: [range.idBeyond] };
    case 'notNull': return { sql: `${sort.sql} IS NOT NULL`, params: [] };
    case 'tiesBeyond': return { sql: `id ${sort.op} ?`, params: [range.id] };
  }
}

function anyOf(column: string, values: readonly FieldValue[]): Statement {
  const present = values.filter((v) => v !== null);
  const terms: string[] = [];
  if (present.length === 1) terms.push(`${column} = ?`);
  if (present.length > 1) terms.push(`${column} IN (${present.map(() => '?').join(', ')})`);
  if (present.length < values.length) terms.push(`${column} IS NULL`);
  if (terms.length === 0) return { sql: '0', params: [] };
  return { sql: terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`, params: present.map(bindable) };
}

function residualSearch(schema: TableSchema, query: ListQuery, withHits: boolean): Statement | null {
  if (!query.contains) return null;
  const text = { sql: `instr(${fieldSql(schema, query.contains.field)}, ?) > 0`, params: [query.contains.text] };
  return withHits ? { sql: `rowid IN hits AND ${text.sql}`, params: text.params } : text;
}

/** The folded text to search when the collection's trigram index covers the queried field. */
function searchText(schema: TableSchema, query: ListQuery): string | null {
  return query.contains && schema.search === assertFieldName(query.contains.field) ? query.contains.text : null;
}

/** SQLite keeps JSON booleans as 1/0, and better-sqlite3 binds no booleans. */
export function bindable(value: FieldValue): string | number | null {
  return typeof value === 'boolean' ? Number(value) : value;
}
