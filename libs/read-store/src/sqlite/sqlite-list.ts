import { assertFieldName } from '../cursor';
import { cursorRanges, equalityPoints, isList, listSlices, unconditioned, type CursorRange, type ListSlice, type SliceRange } from '../list-slices';
import type { FieldValue, OpenedListQuery } from '../read-store.port';
import { probeTrigrams, TRIGRAM } from '../search-key';
import { fieldSql, gramsTableOf, PAGE_COLUMN, searchTableOf, type TableSchema } from './sqlite-schema';

/** One SQL statement and its parameters. */
export interface Statement { sql: string; params: unknown[] }

/**
 * The page query. Each slice (one equality point, one cursor range) is a seek in the index keyed
 * `(filter fields…, sort field, id)` that reads at most `limit + 1` entries; several slices are
 * merged by `UNION ALL … ORDER BY … LIMIT`, and only the page's rows are then read whole. A
 * search rides along the same walk as a condition on each entry: the indexes of a searched
 * collection carry its text, so an entry that does not match costs no row. (Until 2026-12-03 the
 * walk checked each entry against every trigram match, read first: that cost as much as the
 * matches, 15,000 of them for a word in every twentieth name at 300,000 companies.)
 */
export function pageQuery(schema: TableSchema, query: OpenedListQuery): Statement {
  const sort = sortOf(schema, query);
  const slices = listSlices(query).map((slice) => sliceWhere(schema, slice, sort, residualSearch(schema, query)));
  const limit = query.limit + 1;
  if (slices.length === 1) {
    const [{ where, params }] = slices;
    return {
      sql: `SELECT id, ${documentOf(schema, query)} AS doc, ${sort.sql} AS sort_value FROM ${schema.table}${where} ORDER BY ${sort.order} LIMIT ?`,
      params: [...params, limit],
    };
  }
  const parts = slices.map(({ where, params }) => ({ sql: `SELECT id, ${sort.sql} AS sort_value FROM ${schema.table}${where}`, params }));
  return mergedPage(schema, sort, parts, limit);
}

/**
 * What a page reads of each row: the page column when the list is unconditioned (so an index of
 * its sort field alone serves it, and carries the column) and asks for no field outside it;
 * otherwise the whole document.
 */
function documentOf(schema: TableSchema, query: OpenedListQuery): string {
  const served = unconditioned(query) && query.fields !== undefined && query.fields.every((field) => schema.pageFields.has(field));
  return served ? PAGE_COLUMN : 'doc';
}

/**
 * Parts, each `SELECT id, sort_value …` that an index reads in the list's order, merged by
 * `UNION ALL … ORDER BY … LIMIT`; only the page's rows are then read whole. SQLite runs each part
 * as a co-routine in that order and merges them (`MERGE (UNION ALL)`), so the parts together read
 * about a page: each as far as the merge takes from it. (Until 2026-12-03 each part had its own
 * `ORDER BY … LIMIT` inside a subquery, which SQLite filled whole and sorted again: every part read
 * a page of matches, six pages for the company list's six slices, however few the merge took.)
 */
function mergedPage(schema: TableSchema, sort: Sort, parts: Statement[], limit: number): Statement {
  return {
    sql: `WITH page AS (${parts.map(({ sql }) => sql).join(' UNION ALL ')} ORDER BY ${sort.order} LIMIT ?)
      SELECT t.id, t.doc, page.sort_value FROM page JOIN ${schema.table} AS t ON t.id = page.id
      ORDER BY ${sort.order.replace(/sort_value|id/g, 'page.$&')}`,
    params: [...parts.flatMap(({ params }) => params), limit],
  };
}

/**
 * A search read in sort order from the entries of one gram (the sort's `searchSorts` table): the
 * text itself when it is no longer than a trigram, so every entry is a match; else its
 * likeliest-rare trigram, and each entry's row is checked against the whole text. Rows are checked
 * against the filters until the page is full, so a page costs about a page of rows however many
 * rows match and wherever they sit in the sort order. Rows whose sort value is null have no
 * entries; one more part reads those that match from the sort's index. Null when the sort has no
 * such table.
 *
 * One statement of at most two parts, each reading its rows' documents as it goes (the grams part
 * reads every entry's row to check it anyway). Until 2026-12-03 the null rows were one part per
 * combination of the filters' values (six for the company list) and the page's documents were read
 * again by id after the merge: at 1,000 and at 300,000 companies alike, the statement cost 1.5×
 * as much for a word in every twentieth name (ADR 0006).
 */
export function sortedMatchesQuery(schema: TableSchema, query: OpenedListQuery): Statement | null {
  const text = searchText(schema, query);
  if (text === null || !schema.searchSorts.has(assertFieldName(query.sort.field))) return null;
  const sort = sortOf(schema, query);
  // The columns need no table name: the grams table has none of the rows' (gram, sort_value, row).
  const filters: Statement[] = Object.entries(query.filter ?? {})
    .map(([field, wanted]) => anyOf(fieldSql(schema, field), isList(wanted) ? wanted : [wanted]));
  const matches = { sql: `instr(${fieldSql(schema, schema.search!)}, ?) > 0`, params: [text] };
  const gram = gramOf(text);
  const ranges = cursorRanges(query).flatMap((range): CursorRange[] => (range.kind === 'everything' ? [{ kind: 'nulls' }, { kind: 'notNull' }] : [range]));
  const parts = ranges.map((range): Statement => {
    if (range.kind === 'nulls') {
      const where = conjunction([...filters, rangeSql(range, sort), matches]);
      return { sql: `SELECT id, doc, ${sort.sql} AS sort_value FROM ${schema.table} WHERE ${where.sql}`, params: where.params };
    }
    // Seek to the cursor's value, then pass its ties up to its id.
    const seek: Statement = range.kind === 'beyond'
      ? { sql: `g.sort_value ${sort.op}= ? AND (g.sort_value, t.id) ${sort.op} (?, ?)`, params: [bindable(range.value), bindable(range.value), range.id] }
      : { sql: '', params: [] };
    const where = conjunction([{ sql: 'g.gram = ?', params: [gram] }, seek, ...filters, ...(gram === text ? [] : [matches])]);
    return {
      sql: `SELECT t.id AS id, t.doc AS doc, g.sort_value AS sort_value FROM ${gramsTableOf(schema.table, query.sort.field)} AS g
        CROSS JOIN ${schema.table} AS t ON t.rowid = g.row WHERE ${where.sql}`,
      params: where.params,
    };
  });
  return {
    sql: `${parts.map(({ sql }) => sql).join(' UNION ALL ')} ORDER BY ${sort.order} LIMIT ?`,
    params: [...parts.flatMap(({ params }) => params), query.limit + 1],
  };
}

/** Conditions joined by AND; empty ones (an unbounded range) are left out. */
function conjunction(conditions: Statement[]): Statement {
  const kept = conditions.filter(({ sql }) => sql !== '');
  return { sql: kept.length ? kept.map(({ sql }) => sql).join(' AND ') : '1', params: kept.flatMap(({ params }) => params) };
}

/** The one gram whose entries hold every match: the text when a gram is that long, else its likeliest-rare trigram. */
function gramOf(text: string): string {
  return Array.from(text).length <= TRIGRAM ? text : probeTrigrams(text, 1)[0];
}

/**
 * The candidate rows of a search shorter than a trigram, which FTS5 cannot serve: the entries of
 * its text as a gram in a `searchSorts` table (every one a match), and the rows of no entry there
 * (a null sort value) that match, read from the sort's index. Null when there is no such table.
 */
export function shortCandidatesQuery(schema: TableSchema, query: OpenedListQuery, searchLimit: number): Statement | null {
  const text = searchText(schema, query);
  const [grams] = schema.searchSorts;
  if (text === null || Array.from(text).length >= TRIGRAM || grams === undefined) return null;
  const sort = sortOf(schema, { ...query, sort: { field: grams, descending: false } });
  const nulls = equalityPoints(query.filter).map((equals) => sliceWhere(schema, { equals, range: { kind: 'nulls' } }, sort, residualSearch(schema, query)));
  return {
    sql: `SELECT row AS rowid FROM ${gramsTableOf(schema.table, grams)} WHERE gram = ?${
      nulls.map(({ where }) => ` UNION ALL SELECT rowid FROM ${schema.table}${where}`).join('')} LIMIT ?`,
    params: [text, ...nulls.flatMap(({ params }) => params), searchLimit + 1],
  };
}

/** The FTS5 lookup of candidate rows, or null when the trigram index cannot serve this search. */
export function candidatesQuery(schema: TableSchema, query: OpenedListQuery, searchLimit: number): Statement | null {
  const match = matchExpression(schema, query);
  if (match === null) return null;
  const fts = searchTableOf(schema.table, schema.search!);
  return { sql: `SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? LIMIT ?`, params: [match, searchLimit + 1] };
}

/**
 * Rows holding the likeliest-rare trigrams of the text (detail=none keeps no positions, so no
 * phrase): a superset of the matches, which `instr` then checks against the whole text.
 */
function matchExpression(schema: TableSchema, query: OpenedListQuery): string | null {
  const text = searchText(schema, query);
  if (text === null || Array.from(text).length < TRIGRAM) return null;
  return probeTrigrams(text).map((gram) => `"${gram.replace(/"/g, '""')}"`).join(' AND ');
}

/**
 * The page from the candidates the trigram index found: at most `searchLimit` rows, each read
 * by rowid (CROSS JOIN keeps that order of reading), checked, filtered and sorted.
 */
export function candidatePageQuery(schema: TableSchema, query: OpenedListQuery, candidates: number[]): Statement {
  const sort = sortOf(schema, query);
  const clauses: string[] = [];
  const params: unknown[] = [JSON.stringify(candidates)];
  for (const [field, wanted] of Object.entries(query.filter ?? {})) {
    const term = anyOf(fieldSql(schema, field), isList(wanted) ? wanted : [wanted]);
    clauses.push(term.sql);
    params.push(...term.params);
  }
  const ranges = cursorRanges(query).map((range) => rangeSql(range, sort));
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

function sortOf(schema: TableSchema, query: OpenedListQuery): Sort {
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

function residualSearch(schema: TableSchema, query: OpenedListQuery): Statement | null {
  if (!query.contains) return null;
  return { sql: `instr(${fieldSql(schema, query.contains.field)}, ?) > 0`, params: [query.contains.text] };
}

/** The folded text to search when the collection's trigram index covers the queried field. */
function searchText(schema: TableSchema, query: OpenedListQuery): string | null {
  return query.contains && schema.search === assertFieldName(query.contains.field) ? query.contains.text : null;
}

/** SQLite keeps JSON booleans as 1/0, and better-sqlite3 binds no booleans. */
export function bindable(value: FieldValue): string | number | null {
  return typeof value === 'boolean' ? Number(value) : value;
}
