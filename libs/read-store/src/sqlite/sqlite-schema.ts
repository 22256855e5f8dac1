import type { SqliteDatabase } from '@tenancy/sqlite';
import { assertFieldName } from '../cursor';
import type { CollectionOptions, IndexKey } from '../read-store.port';
import { gramsJson, gramsOf } from '../search-key';

/** What the list queries need to know of a collection's table, read from the database itself. */
export interface TableSchema {
  table: string;
  /** The columns (`f_<field>`) that indexes are built on. */
  columns: ReadonlySet<string>;
  /**
   * The fields whose column the store writes from each document, as `json_extract` reads them
   * (fieldValue); the table's other columns are generated from the JSON by SQLite.
   */
  written: readonly string[];
  /** The field an FTS5 trigram table indexes, if any. */
  search: string | null;
  /** Sort fields with a table of the search's trigrams in their order (`searchSorts`). */
  searchSorts: ReadonlySet<string>;
  /** The `pageFields` its indexes of one field hold (as the column `f__page`), if any. */
  pageFields: ReadonlySet<string>;
}

export function tableOf(collection: string): string {
  return `rm_${assertFieldName(collection)}`;
}

/**
 * Every document's company id is the `company_id` column; other fields are read from their column
 * where one exists, else from the JSON. A column (unlike an index on the bare expression) lets a
 * cursor seek with a row value, `(sort, id) > (?, ?)`.
 */
export function fieldSql(schema: TableSchema, field: string): string {
  if (assertFieldName(field) === 'companyId') return 'company_id';
  return schema.columns.has(columnOf(field)) ? columnOf(field) : jsonField(field);
}

export const searchTableOf = (table: string, field: string) => `${table}_search_${field}`;
/** The searched text's grams (of one, two and three characters) in the order of one sort field. */
export const gramsTableOf = (table: string, sort: string) => `${table}_ngrams_${sort}`;
/** The same with trigrams only, until 2026-12-03: dropped, and made again as the table above. */
const trigramsTableOf = (table: string, sort: string) => `${table}_grams_${sort}`;
const columnOf = (field: string) => `f_${field}`;
const jsonField = (field: string) => `json_extract(doc, '$.${assertFieldName(field)}')`;

/**
 * Creates the table with a column for each indexed field, exactly the indexes asked for (drops
 * other indexes of ours, e.g. the expression indexes of earlier versions) and, for a searched
 * field, a contentless FTS5 trigram table. A field indexed later gets its column filled from the
 * rows. Runs in one transaction.
 */
export function ensureTable(db: SqliteDatabase, collection: string, indexes: IndexKey[], options: CollectionOptions = {}): void {
  const table = tableOf(collection);
  const keys = indexes.map((key) => (typeof key === 'string' ? [key] : [...key]).map(assertFieldName));
  const search = options.search ? assertFieldName(options.search) : null;
  // The searched text is a column too, so that the list indexes can carry it (wantedIndexes).
  const fields = [...new Set([...keys.flat(), ...(search ? [search] : [])])].filter((field) => field !== 'companyId');
  db.transaction(() => {
    db.exec(createTable(table, fields, 'IF NOT EXISTS '));
    const existing = new Set(db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_xinfo('${table}')`).all().map((c) => c.name));
    for (const field of fields) {
      if (existing.has(columnOf(field))) continue;
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${columnOf(field)}`);
      db.exec(`UPDATE ${table} SET ${columnOf(field)} = ${jsonField(field)}`);
    }
    const page = ensurePageColumn(db, table, options.pageFields ?? [], existing);
    syncIndexes(db, table, wantedIndexes(table, keys, page, search));
    if (options.search) ensureSearch(db, table, assertFieldName(options.search));
    syncGrams(db, table, options.search ? options.search : null, options.searchSorts ?? []);
  })();
}

/**
 * A collection's table: the document, keyed by id, and a column for each of its indexed fields,
 * which the store writes from the document. Until 2026-12-02 those were virtual columns generated
 * from the JSON, and SQLite parsed each document again for every write and, once per index, when
 * it built one; tables made then keep them until their next rebuild (reset), and writes leave
 * them to SQLite (TableSchema.written).
 *
 * A rowid table: its rows go in the order they are written and only the id index takes ids in
 * random order, where a table `WITHOUT ROWID` keyed by random ids (as the unsearched ones were
 * until 2026-12-02, also until their next rebuild) moves whole documents in every page split and
 * makes each batch rewrite most of its pages (ADR 0008). FTS5 needs the rowids too.
 */
const createTable = (table: string, fields: readonly string[], ifNotExists = '') =>
  `CREATE TABLE ${ifNotExists}${table} (id TEXT PRIMARY KEY, company_id TEXT NOT NULL, position INTEGER NOT NULL, ${
    fields.map((field) => `${columnOf(field)}, `).join('')}doc TEXT NOT NULL)`;

/** SQLite reads a number written without fraction or exponent as an integer when it fits 64 bits. */
function wholeOrReal(value: number): bigint | number {
  const text = JSON.stringify(value);
  if (!/^-?\d+$/.test(text)) return value;
  const whole = BigInt(text);
  return whole >= -(2n ** 63n) && whole < 2n ** 63n ? whole : value;
}

/**
 * A field's value as its column holds it: what `json_extract` gives for it (an integer for a whole
 * number, 1/0 for a boolean, JSON text for an object), so rows written before and after the
 * columns were the store's own compare, sort and seek alike.
 */
export function fieldValue(value: unknown): string | number | bigint | null {
  switch (typeof value) {
    case 'string': return value;
    case 'number': return Number.isSafeInteger(value) ? BigInt(value) : wholeOrReal(value);
    case 'boolean': return value ? 1n : 0n;
    case 'undefined': return null;
    default: return value === null ? null : JSON.stringify(value);
  }
}

/**
 * Declared keys plus the company index that `removeCompanies` needs. That one is partial:
 * documents keyed by their own company (companies, tokens, settings) are deleted by id, so a
 * full index would hold a second copy of every id. A declared key that starts with the company
 * id serves the deletion too, and then there is none.
 */
function wantedIndexes(table: string, keys: string[][], page: boolean, search: string | null): Map<string, string> {
  const wanted = new Map<string, string>();
  const columns = (key: string[]) => key.map((f) => (f === 'companyId' ? 'company_id' : columnOf(f)));
  for (const key of keys) {
    const name = `${table}__${key.join('__')}`;
    // An index carrying the page column serves only lists without a search; the others carry the
    // searched text, so a search walking the sort order checks each entry without reading its row.
    // (A key that sorts by the searched text has it already.)
    const carried = page && key.length === 1 ? [PAGE_COLUMN] : search && !key.includes(search) ? [columnOf(search)] : [];
    wanted.set(name, `CREATE INDEX ${name} ON ${table} (${[...columns(key), 'id', ...carried].join(', ')})`);
  }
  if (!keys.some((key) => key[0] === 'companyId')) wanted.set(companyIndexOf(table), companyIndexSql(table));
  return wanted;
}

const companyIndexOf = (table: string) => `${table}_company`;
const companyIndexSql = (table: string) => `CREATE INDEX ${companyIndexOf(table)} ON ${table} (company_id) WHERE company_id <> id`;

/**
 * Removing a company seeks its rows by company id. A table a reset left bare has no index that
 * serves it until the rebuild's end, so the first removal makes the partial company index: once,
 * from the rows so far, rather than a scan of the table for every company removed. The rebuild's
 * end keeps it where it is wanted and drops it where a declared key serves instead (syncIndexes).
 */
export function ensureCompanyIndex(db: SqliteDatabase, table: string): void {
  const served = db.prepare<[string], { name: string }>(`SELECT l.name FROM pragma_index_list(?) AS l
    JOIN pragma_index_info(l.name) AS i WHERE i.seqno = 0 AND i.name = 'company_id' LIMIT 1`).get(table);
  if (!served) db.exec(companyIndexSql(table));
}

function syncIndexes(db: SqliteDatabase, table: string, wanted: Map<string, string>): void {
  const existing = db.prepare<[string], { name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(table);
  for (const { name, sql } of existing) {
    if (name.startsWith(`${table}_`) && wanted.get(name) !== sql) db.exec(`DROP INDEX ${name}`);
  }
  const kept = new Set(existing.filter(({ name, sql }) => wanted.get(name) === sql).map(({ name }) => name));
  for (const [name, sql] of wanted) if (!kept.has(name)) db.exec(sql);
}

/**
 * A contentless trigram index of one field (`detail=none`: it stores which rows hold each trigram
 * and nothing more). The store keeps it in step in its own write transaction (SearchIndex); a
 * trigger did the same, but made SQLite compute every generated column of every upserted row.
 */
function ensureSearch(db: SqliteDatabase, table: string, field: string): void {
  const created = db.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  if (/WITHOUT ROWID\s*$/i.test(created?.sql ?? '')) {
    throw new Error(`${table} was created without a search index; a searched collection needs a new name (a new projection version)`);
  }
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${searchTableOf(table, field)} USING fts5(text, content='', contentless_delete=1,
    detail='none', tokenize='trigram case_sensitive 1')`);
}

/** The page fields as one JSON object, carried by the indexes of one field. */
export const PAGE_COLUMN = 'f__page';

/**
 * The `pageFields` column: `json_object` of the fields as the document holds them (`->` keeps
 * JSON types, so true stays true). Its definition names the fields, so a changed list replaces it
 * (the indexes holding it are made again by syncIndexes). Returns whether the table has one.
 */
function ensurePageColumn(db: SqliteDatabase, table: string, fields: readonly string[], existing: Set<string>): boolean {
  const definition = fields.length
    ? `json_object(${fields.map(assertFieldName).map((f) => `'${f}', doc -> '$.${f}'`).join(', ')})` : null;
  const current = existing.has(PAGE_COLUMN) ? pageColumnDefinition(db, table) : null;
  if (current === definition) return definition !== null;
  if (current !== null) {
    for (const { name } of db.prepare<[string, string], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND instr(sql, ?) > 0").all(table, PAGE_COLUMN)) {
      db.exec(`DROP INDEX ${name}`);
    }
    db.exec(`ALTER TABLE ${table} DROP COLUMN ${PAGE_COLUMN}`);
  }
  if (definition) db.exec(`ALTER TABLE ${table} ADD COLUMN ${PAGE_COLUMN} GENERATED ALWAYS AS (${definition}) VIRTUAL`);
  return definition !== null;
}

/** The expression of the page column, as its ALTER TABLE wrote it into the table's definition. */
function pageColumnDefinition(db: SqliteDatabase, table: string): string | null {
  const sql = db.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)?.sql ?? '';
  return new RegExp(`${PAGE_COLUMN} GENERATED ALWAYS AS \\((json_object\\(.*?\\))\\) VIRTUAL`).exec(sql)?.[1] ?? null;
}

/** The fields a page column holds, read back from its definition. */
function pageFieldsOf(db: SqliteDatabase, table: string): Set<string> {
  const definition = pageColumnDefinition(db, table);
  return new Set(definition ? [...definition.matchAll(/'([A-Za-z0-9_]+)', doc ->/g)].map((m) => m[1]) : []);
}

/**
 * One table per sort field in `searchSorts`: `(gram, sort value, row)`, every gram of one, two and
 * three characters of a row's searched text under its sort value (a row whose text or sort value
 * is null has none). A search reads one gram's entries in sort order (its own text when shorter
 * than a trigram, else its rarest trigram) and checks each row, so a page costs about a page of
 * rows however many match. Without the row id the key is half the size; ties of the sort value
 * come out in rowid order, and SQLite sorts each tie by id on the way (a partial sort that stops at
 * the limit). A table created for rows already there is filled from them at once; the tables of
 * trigrams alone that came before are dropped.
 */
function syncGrams(db: SqliteDatabase, table: string, search: string | null, sorts: readonly string[]): void {
  for (const sort of tablesNamed(db, trigramsTableOf(table, ''))) db.exec(`DROP TABLE ${trigramsTableOf(table, sort)}`);
  const wanted = new Set(search ? sorts.map(assertFieldName) : []);
  for (const sort of existingGrams(db, table)) if (!wanted.has(sort)) db.exec(`DROP TABLE ${gramsTableOf(table, sort)}`);
  const existing = existingGrams(db, table);
  for (const sort of wanted) {
    if (existing.has(sort)) continue;
    const grams = gramsTableOf(table, sort);
    db.exec(`CREATE TABLE ${grams} (gram TEXT NOT NULL, sort_value NOT NULL, row INTEGER NOT NULL,
      PRIMARY KEY (gram, sort_value, row)) WITHOUT ROWID`);
    fillGrams(db, table, grams, search!, sort);
  }
}

/**
 * Fills an empty grams table in its key order, in one statement that SQLite sorts: each row's
 * grams come from `gramsJson` as a JSON array (one call a row) and `json_each` spreads them.
 * Appended in order, an entry costs a few µs; row by row, spread over the whole table, a rebuild
 * of companies ran at less than half the speed (ADR 0006, 2026-12-02). Through a temporary table
 * filled entry by entry (until 2026-12-03) it cost twice as much again.
 */
function fillGrams(db: SqliteDatabase, table: string, grams: string, search: string, sort: string): void {
  db.function(GRAMS_FUNCTION, { deterministic: true }, (text: unknown) => (typeof text === 'string' ? gramsJson(text) : '[]'));
  // From the fields' columns where there are (they hold what json_extract reads): no document parsed per entry.
  const columns = new Set(db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_xinfo('${table}')`).all().map((c) => c.name));
  const value = (field: string) => (columns.has(columnOf(field)) ? `t.${columnOf(field)}` : jsonField(field));
  withSorterMemory(db, SORTER_KIB, () => db.exec(`INSERT INTO ${grams} (gram, sort_value, row)
    SELECT g.value, ${value(sort)}, t.rowid FROM ${table} AS t, json_each(${GRAMS_FUNCTION}(${value(search)})) AS g
    WHERE ${value(sort)} IS NOT NULL ORDER BY 1, 2, 3`));
}

/**
 * How much SQLite's sorter keeps in memory before it writes a sorted run out and starts the next:
 * it takes the connection's cache size. Runs of a few MiB sort within the processor's caches;
 * the serving connection's 64 MiB ran the fill of 15 million grams (300,000 companies) at 27 s
 * of CPU against 18.5 s with 2–4 MiB, the runs' merge included (ADR 0008, 2026-12-04).
 */
const SORTER_KIB = 4096;

/** Runs `work` with the connection's cache (and so the sorter's memory) at `kib`, then puts it back. */
function withSorterMemory<T>(db: SqliteDatabase, kib: number, work: () => T): T {
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${kib}`);
  try {
    return work();
  } finally {
    db.pragma(`cache_size = ${cache}`);
  }
}

/** The SQL function `fillGrams` registers: a text's grams as a JSON array. */
const GRAMS_FUNCTION = 'tenancy_search_grams';

/** The entries of one row in a grams table: none when its text or sort value is missing. */
export function gramEntries(text: unknown, sortValue: unknown): { gram: string; sortValue: string | number }[] {
  if (typeof text !== 'string' || sortValue === null || sortValue === undefined) return [];
  const value = typeof sortValue === 'boolean' ? Number(sortValue) : sortValue as string | number;
  return gramsOf(text).map((gram) => ({ gram, sortValue: value }));
}

function existingGrams(db: SqliteDatabase, table: string): Set<string> {
  return tablesNamed(db, gramsTableOf(table, ''));
}

/** What follows the prefix in the names of the tables whose name starts with it. */
function tablesNamed(db: SqliteDatabase, prefix: string): Set<string> {
  return new Set(db.prepare<[string, string], { name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, length(?)) = ?").all(prefix, prefix)
    .map(({ name }) => name.slice(prefix.length)));
}

/** Reads the table's field columns and search table; `table` need not exist yet. */
export function readSchema(db: SqliteDatabase, collection: string): TableSchema {
  const table = tableOf(collection);
  // `hidden` is 2 or 3 for a generated column, 0 for an ordinary one.
  const fieldColumns = db.prepare<[], { name: string; hidden: number }>(`SELECT name, hidden FROM pragma_table_xinfo('${table}')`).all()
    .filter(({ name }) => name.startsWith('f_'));
  const columns = new Set(fieldColumns.map(({ name }) => name));
  const written = fieldColumns.filter(({ name, hidden }) => hidden === 0 && name !== PAGE_COLUMN).map(({ name }) => name.slice('f_'.length));
  const prefix = searchTableOf(table, '');
  const fts = db.prepare<[string, string], { name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, length(?)) = ? AND sql LIKE 'CREATE VIRTUAL TABLE%'",
  ).get(prefix, prefix);
  return { table, columns, written, search: fts ? fts.name.slice(prefix.length) : null, searchSorts: existingGrams(db, table),
    pageFields: columns.has(PAGE_COLUMN) ? pageFieldsOf(db, table) : new Set() };
}

/**
 * Empties the collection for a rebuild and leaves its table bare: the document and its field
 * columns, keyed by id, made again in the current layout (createTable). What is derived from the
 * rows goes, and the rebuild's end (ensureCollection) makes it again at once: the indexes (each
 * built by one sort of its entries, rather than entry by entry in random order), the page column
 * (generated: SQLite would compute it on every insert) and the grams tables (filled in key order).
 * Until then lists walk the table. The search index is emptied.
 */
export function emptyTable(db: SqliteDatabase, collection: string): void {
  const schema = readSchema(db, collection);
  const fields = [...schema.columns].filter((column) => column !== PAGE_COLUMN).map((column) => column.slice('f_'.length));
  // Its indexes go with it; secure_delete zeroes its pages as it frees them.
  db.exec(`DROP TABLE IF EXISTS ${schema.table}`);
  db.exec(createTable(schema.table, fields));
  if (schema.search) {
    const fts = searchTableOf(schema.table, schema.search);
    db.exec(`INSERT INTO ${fts} (${fts}) VALUES ('delete-all')`);
  }
  for (const sort of schema.searchSorts) db.exec(`DROP TABLE ${gramsTableOf(schema.table, sort)}`);
}
