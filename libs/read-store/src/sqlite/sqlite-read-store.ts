import type Database from 'better-sqlite3';
import type { SqliteDatabase } from '@tenancy/sqlite';
import { assertFieldName, type ListCursors } from '../cursor';
import {
  ERASED_FIELD, type BatchChanges, type CollectionBatch, type CollectionOptions, type Document, type Erasure, type FieldValue, type IndexKey,
  type ListPlan, type ListQuery, type OpenedListQuery, type Page, type ReadStore, type StoredDocument,
} from '../read-store.port';
import { openedQuery, unconditioned } from '../list-slices';
import { sqliteFence, type SqliteFence } from './sqlite-fence';
import { bindable, candidatePageQuery, candidatesQuery, pageQuery, shortCandidatesQuery, sortedMatchesQuery, type Statement } from './sqlite-list';
import { emptyTable, ensureCompanyIndex, ensureTable, fieldSql, fieldValue, readSchema, tableOf, type TableSchema } from './sqlite-schema';
import { indexedColumns, SearchIndex } from './sqlite-search-index';

interface Row { id: string; company_id: string; position: number; doc: string }
/** A removed row of a searched table: its rowid and what its index entries were made of. */
type Removed = Record<string, unknown> & { rowid: number };

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: SqliteDatabase, schema: TableSchema) {
  const { table } = schema;
  // A searched table says which rows it removed and what they held, so its search index can follow.
  const sorts = [...schema.searchSorts];
  const returning = schema.search ? ` RETURNING ${indexedColumns(schema.search, sorts)}` : '';
  const columns = ['id', 'company_id', 'position', 'doc', ...schema.written.map((field) => fieldSql(schema, field))];
  return {
    // One statement for a whole batch of ids, passed as a JSON array.
    selectMany: db.prepare<[string], Row>(
      `SELECT id, company_id, position, doc FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`),
    selectOne: db.prepare<[string], Pick<Row, 'doc'>>(`SELECT doc FROM ${table} WHERE id = ?`),
    // A company's own document by its id; the others through the partial company index.
    removeCompanyOwn: db.prepare<{ company: string }, Removed>(
      `DELETE FROM ${table} WHERE id = :company AND company_id = :company${returning}`),
    removeCompanyRest: db.prepare<[string], Removed>(`DELETE FROM ${table} WHERE company_id = ? AND company_id <> id${returning}`),
    remove: db.prepare<[string], Removed>(`DELETE FROM ${table} WHERE id = ?${returning}`),
    // The document's fields go into the columns the store writes (the others SQLite generates).
    upsert: db.prepare<unknown[], { rowid: number }>(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
      ON CONFLICT(id) DO UPDATE SET ${columns.slice(1).map((column) => `${column} = excluded.${column}`).join(', ')}${schema.search ? ' RETURNING rowid' : ''}`),
    search: schema.search ? new SearchIndex(db, table, schema.search, sorts) : null,
    written: schema.written,
  };
}

/** Most candidates a trigram search sorts itself; past this, walking the sort order finds a page sooner. */
export const SEARCH_CANDIDATES = 2000;
/**
 * The same where the sort keeps the trigrams in its order (`searchSorts`): reading the matches in
 * that order costs about a page of rows, so sorting more than a few pages of candidates does not
 * pay (and finding 2,000 of them took 1 ms at 100,000 companies).
 */
export const SEARCH_CANDIDATES_IN_ORDER = 200;
/** Query shapes kept prepared (filters, slices and cursors vary the SQL); the cache starts over when full. */
export const PREPARED_QUERIES = 256;

/** Read models in the embedded SQLite file: one table per collection, JSON documents. */
export class SqliteReadStore implements ReadStore {
  /** Prepared once per collection: preparing costs more than running these small statements. */
  private readonly statements = new Map<string, Statements>();
  private readonly saveCheckpoint;
  private readonly loadCheckpoint;
  private readonly queries = new Map<string, Database.Statement<unknown[], unknown>>();
  /** Each collection's generated columns and search table, read once (bounded by the number of collections). */
  private readonly schemas = new Map<string, TableSchema>();
  private readonly applyInTransaction: (batches: CollectionBatch[], epoch?: number) => void;
  private readonly fence: SqliteFence;

  /** `cursors` signs the cursors of its lists and reads only those (ListCursors). */
  constructor(private readonly db: SqliteDatabase, private readonly cursors: ListCursors, private readonly searchCandidates = SEARCH_CANDIDATES) {
    db.exec('CREATE TABLE IF NOT EXISTS rm_checkpoints (collection TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID');
    this.saveCheckpoint = db.prepare(`INSERT INTO rm_checkpoints (collection, position) VALUES (?, ?)
      ON CONFLICT(collection) DO UPDATE SET position = excluded.position`);
    this.loadCheckpoint = db.prepare<[string], { position: number }>('SELECT position FROM rm_checkpoints WHERE collection = ?');
    this.fence = sqliteFence(db);
    // Changes and checkpoints commit together: a crash never skips or re-applies a batch.
    this.applyInTransaction = db.transaction((batches: CollectionBatch[], epoch?: number) => {
      this.fence(epoch);
      for (const { collection, changes, checkpoint } of batches) {
        this.apply(collection, this.statementsFor(collection), changes);
        this.saveCheckpoint.run(collection, checkpoint);
      }
    });
  }

  private apply(collection: string, { removeCompanyOwn, removeCompanyRest, remove, upsert, search, written }: Statements, changes: BatchChanges): void {
    const run = <P>(statement: Database.Statement<P[], Removed>, ...params: P[]) => {
      if (search) search.removed(statement.all(...params));
      else statement.run(...params);
    };
    if (changes.removeCompanies.length > 0) ensureCompanyIndex(this.db, tableOf(collection));
    for (const company of changes.removeCompanies) {
      run(removeCompanyOwn, { company });
      run(removeCompanyRest, company);
    }
    for (const erasure of changes.erasures ?? []) this.erase(collection, erasure);
    for (const { id } of changes.removals) run(remove, id);
    for (const d of changes.upserts) {
      const params = [d.id, d.companyId, d.position, JSON.stringify(d.doc), ...written.map((field) => fieldValue(d.doc[field]))];
      if (!search) {
        upsert.run(...params);
        continue;
      }
      const previous = search.before(d.id);
      search.upserted(previous, upsert.get(...params)!.rowid, d.doc);
    }
    search?.flush();
  }

  private query<R>(sql: string): Database.Statement<unknown[], R> {
    let statement = this.queries.get(sql);
    if (!statement) {
      if (this.queries.size >= PREPARED_QUERIES) this.queries.clear();
      statement = this.db.prepare(sql);
      this.queries.set(sql, statement);
    }
    return statement as Database.Statement<unknown[], R>;
  }

  private statementsFor(collection: string): Statements {
    let prepared = this.statements.get(collection);
    if (!prepared) {
      prepared = prepareStatements(this.db, this.schemaOf(collection));
      this.statements.set(collection, prepared);
    }
    return prepared;
  }

  private schemaOf(collection: string): TableSchema {
    let schema = this.schemas.get(collection);
    if (!schema) {
      schema = readSchema(this.db, collection);
      // A table not created yet is read again next time rather than remembered empty.
      if (schema.columns.size || schema.search) this.schemas.set(collection, schema);
    }
    return schema;
  }

  async ensureCollection(collection: string, indexes: IndexKey[], options?: CollectionOptions): Promise<void> {
    ensureTable(this.db, collection, indexes, options);
    this.schemas.delete(collection);
    this.statements.delete(collection);
    this.queries.clear(); // dropped indexes or new columns change what a prepared query may read
  }

  async load(collection: string, ids: string[]): Promise<Map<string, StoredDocument>> {
    const found = new Map<string, StoredDocument>();
    if (ids.length === 0) return found;
    for (const row of this.statementsFor(collection).selectMany.all(JSON.stringify(ids))) found.set(row.id, toStored(row));
    return found;
  }

  async applyBatch(collection: string, changes: BatchChanges, checkpoint: bigint, epoch?: number): Promise<void> {
    return this.applyBatches([{ collection, changes, checkpoint }], epoch);
  }

  async applyBatches(batches: CollectionBatch[], epoch?: number): Promise<void> {
    this.applyInTransaction(batches, epoch);
    // Removed companies and erased people must not linger in the log's old pages (the file's
    // free space is zeroed by secure_delete, see openDatabase): checkpoint it away now.
    if (batches.some(({ changes }) => changes.removeCompanies.length > 0 || (changes.erasures?.length ?? 0) > 0)) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }

  private erase(collection: string, { field, value, clear, position }: Erasure): void {
    if (clear.length === 0) return;
    const paths = [...clear.map((name) => `'$.${assertFieldName(name)}', NULL`), `'$.${ERASED_FIELD}', json(?)`].join(', ');
    // A cleared field with a column of the store's own is cleared there too.
    const schema = this.schemaOf(collection);
    const columns = clear.filter((name) => schema.written.includes(name)).map((name) => `, ${fieldSql(schema, name)} = NULL`).join('');
    this.query(`UPDATE ${tableOf(collection)} SET doc = json_set(doc, ${paths})${columns}
      WHERE json_extract(doc, '$.${assertFieldName(field)}') = ? AND position < ?`).run(JSON.stringify(clear), value, Number(position));
  }

  async checkpoint(collection: string): Promise<bigint> {
    return BigInt(this.loadCheckpoint.get(collection)?.position ?? 0);
  }

  async reset(collection: string): Promise<void> {
    this.db.transaction(() => {
      emptyTable(this.db, collection);
      this.db.prepare('DELETE FROM rm_checkpoints WHERE collection = ?').run(collection);
    })();
    // Its grams tables are gone until the rebuild's end: statements and queries must not name them.
    this.schemas.delete(collection);
    this.statements.delete(collection);
    this.queries.clear();
  }

  async get(collection: string, id: string): Promise<Document | null> {
    const row = this.statementsFor(collection).selectOne.get(id);
    return row ? JSON.parse(row.doc) : null;
  }

  async findOne(collection: string, filter: Record<string, FieldValue>): Promise<Document | null> {
    const schema = this.schemaOf(collection);
    const clauses = Object.entries(filter).map(([field, value]) => `${fieldSql(schema, field)} ${value === null ? 'IS NULL' : '= ?'}`);
    const params = Object.values(filter).filter((value) => value !== null).map(bindable);
    // The lowest id, as MongoDB's sort by _id: rows of a rowid table come in the order written.
    const row = this.query<Row>(
      `SELECT doc FROM ${schema.table} ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY id LIMIT 1`).get(...params);
    return row ? JSON.parse(row.doc) : null;
  }

  async list(collection: string, query: ListQuery): Promise<Page> {
    const rows = this.run(this.plan(collection, openedQuery(query, this.cursors)));
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => JSON.parse(row.doc)),
      nextCursor: rows.length > query.limit && last ? this.cursors.encode({ value: last.sort_value, id: last.id }, query) : null,
    };
  }

  async explainList(collection: string, query: ListQuery): Promise<ListPlan> {
    const statements = this.plan(collection, openedQuery(query, this.cursors));
    const table = tableOf(collection);
    const steps = statements.flatMap(({ sql, params }) =>
      this.db.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((row) => row.detail));
    // `SCAN <table>` reads every row (or every entry of an index, `USING … INDEX`); SEARCH seeks.
    // An unconditioned list that scans an index in its own order (no sort of its own) stops at the limit.
    const inOrder = unconditioned(query) && !steps.some((step) => step.includes('TEMP B-TREE FOR ORDER BY'));
    const whole = (step: string) => new RegExp(`^SCAN ${table}( |$)`).test(step)
      && !(inOrder && new RegExp(`^SCAN ${table} USING (COVERING )?INDEX `).test(step));
    return { steps, scansWholeCollection: steps.some(whole) };
  }

  async close(): Promise<void> {
    // The database handle belongs to whoever opened it.
  }

  /**
   * The statements `list` runs, in order, chosen by how many rows a search matches: a search the
   * trigram index serves first asks it for up to `searchCandidates` candidates, and reads and
   * sorts only those when there are no more; past that the matches are dense, and a sort with
   * its grams in order reads them in that order while the others walk the sort order, checking
   * the text carried by each index entry, until the page is full. A search shorter than a trigram
   * is read in order where its sort keeps the grams (every entry a match, so no count is needed);
   * otherwise the same count is made of its gram's entries.
   */
  private plan(collection: string, query: OpenedListQuery): Statement[] {
    const schema = this.schemaOf(collection);
    const inOrder = sortedMatchesQuery(schema, query);
    const short = shortCandidatesQuery(schema, query, this.searchCandidates);
    if (short && inOrder) return [inOrder];
    if (short) {
      const candidates = this.query<{ rowid: number }>(short.sql).all(...short.params).map((row) => row.rowid);
      return [short, candidates.length <= this.searchCandidates ? candidatePageQuery(schema, query, candidates) : pageQuery(schema, query)];
    }
    const most = inOrder ? Math.min(this.searchCandidates, SEARCH_CANDIDATES_IN_ORDER) : this.searchCandidates;
    const lookup = candidatesQuery(schema, query, most);
    if (lookup) {
      const candidates = this.query<{ rowid: number }>(lookup.sql).all(...lookup.params).map((row) => row.rowid);
      if (candidates.length <= most) return [lookup, candidatePageQuery(schema, query, candidates)];
      if (inOrder) return [lookup, inOrder];
    }
    return lookup ? [lookup, pageQuery(schema, query)] : [pageQuery(schema, query)];
  }

  private run(statements: Statement[]): (Row & { sort_value: FieldValue })[] {
    const { sql, params } = statements[statements.length - 1];
    return this.query<Row & { sort_value: FieldValue }>(sql).all(...params);
  }
}

function toStored(row: Row): StoredDocument {
  return { id: row.id, companyId: row.company_id, position: BigInt(row.position), doc: JSON.parse(row.doc) };
}
