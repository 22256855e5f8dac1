import type { SqliteDatabase } from '@tenancy/sqlite';
import { assertFieldName } from '../cursor';
import type { CollectionOptions, IndexKey } from '../read-store.port';

/** What the list queries need to know of a collection's table, read from the database itself. */
export interface TableSchema {
  table: string;
  /** Generated columns (`f_<field>`) that indexes are built on. */
  columns: ReadonlySet<string>;
  /** The field an FTS5 trigram table indexes, if any. */
  search: string | null;
}

export function tableOf(collection: string): string {
  return `rm_${assertFieldName(collection)}`;
}

/**
 * Every document's company id is the `company_id` column; other fields are read from the JSON,
 * through a virtual generated column where one exists. A generated column (unlike an index on
 * the bare expression) lets a cursor seek with a row value, `(sort, id) > (?, ?)`.
 */
export function fieldSql(schema: TableSchema, field: string): string {
  if (assertFieldName(field) === 'companyId') return 'company_id';
  return schema.columns.has(columnOf(field)) ? columnOf(field) : jsonField(field);
}

export const searchTableOf = (table: string, field: string) => `${table}_search_${field}`;
const columnOf = (field: string) => `f_${field}`;
const jsonField = (field: string) => `json_extract(doc, '$.${assertFieldName(field)}')`;

/**
 * Creates the table, its generated columns, exactly the indexes asked for (drops other indexes of
 * ours, e.g. the expression indexes of earlier versions) and, for a searched field, a contentless
 * FTS5 trigram table. Runs in one transaction.
 */
export function ensureTable(db: SqliteDatabase, collection: string, indexes: IndexKey[], options: CollectionOptions = {}): void {
  const table = tableOf(collection);
  const keys = indexes.map((key) => (typeof key === 'string' ? [key] : [...key]).map(assertFieldName));
  db.transaction(() => {
    // FTS5 needs integer rowids, so a searched collection is a rowid table (its id index costs
    // about 40 bytes a row more than WITHOUT ROWID, which the others keep).
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, company_id TEXT NOT NULL, position INTEGER NOT NULL,
      doc TEXT NOT NULL)${options.search ? '' : ' WITHOUT ROWID'}`);
    const existing = new Set(db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_xinfo('${table}')`).all().map((c) => c.name));
    for (const field of new Set(keys.flat())) {
      if (field === 'companyId' || existing.has(columnOf(field))) continue;
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${columnOf(field)} GENERATED ALWAYS AS (${jsonField(field)}) VIRTUAL`);
    }
    syncIndexes(db, table, wantedIndexes(table, keys));
    if (options.search) ensureSearch(db, table, assertFieldName(options.search));
  })();
}

/**
 * Declared keys plus the company index that `removeCompanies` needs. That one is partial:
 * documents keyed by their own company (companies, tokens, settings) are deleted by id, so a
 * full index would hold a second copy of every id. A declared key that starts with the company
 * id serves the deletion too, and then there is none.
 */
function wantedIndexes(table: string, keys: string[][]): Map<string, string> {
  const wanted = new Map<string, string>();
  const columns = (key: string[]) => key.map((f) => (f === 'companyId' ? 'company_id' : columnOf(f)));
  for (const key of keys) {
    const name = `${table}__${key.join('__')}`;
    wanted.set(name, `CREATE INDEX ${name} ON ${table} (${[...columns(key), 'id'].join(', ')})`);
  }
  if (!keys.some((key) => key[0] === 'companyId')) {
    wanted.set(`${table}_company`, `CREATE INDEX ${table}_company ON ${table} (company_id) WHERE company_id <> id`);
  }
  return wanted;
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

/** Reads the table's generated columns and search table; `table` need not exist yet. */
export function readSchema(db: SqliteDatabase, collection: string): TableSchema {
  const table = tableOf(collection);
  const columns = new Set(db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_xinfo('${table}')`).all()
    .map((c) => c.name).filter((name) => name.startsWith('f_')));
  const prefix = searchTableOf(table, '');
  const fts = db.prepare<[string, string], { name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, length(?)) = ? AND sql LIKE 'CREATE VIRTUAL TABLE%'",
  ).get(prefix, prefix);
  return { table, columns, search: fts ? fts.name.slice(prefix.length) : null };
}

/** Empties the table, and its search index at once, for a rebuild. */
export function emptyTable(db: SqliteDatabase, collection: string): void {
  const schema = readSchema(db, collection);
  db.exec(`DELETE FROM ${schema.table}`);
  if (schema.search) {
    const fts = searchTableOf(schema.table, schema.search);
    db.exec(`INSERT INTO ${fts} (${fts}) VALUES ('delete-all')`);
  }
}
