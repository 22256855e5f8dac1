import type Database from 'better-sqlite3';
import type { SqliteDatabase } from '@tenancy/sqlite';
import { assertFieldName, decodeCursor, encodeCursor, type CursorPosition } from '../cursor';
import type {
  BatchChanges, CollectionBatch, Document, Erasure, FieldValue, ListQuery, Page, ReadStore, StoredDocument,
} from '../read-store.port';

interface Row { id: string; company_id: string; position: number; doc: string }

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: SqliteDatabase, table: string) {
  return {
    // One statement for a whole batch of ids, passed as a JSON array.
    selectMany: db.prepare<[string], Row>(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`),
    selectOne: db.prepare<[string], Pick<Row, 'doc'>>(`SELECT doc FROM ${table} WHERE id = ?`),
    removeCompany: db.prepare(`DELETE FROM ${table} WHERE company_id = ?`),
    remove: db.prepare(`DELETE FROM ${table} WHERE id = ?`),
    upsert: db.prepare(`INSERT INTO ${table} (id, company_id, position, doc) VALUES (?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET company_id = excluded.company_id, position = excluded.position, doc = excluded.doc`),
  };
}

/** Read models in the embedded SQLite file: one table per collection, JSON documents. */
export class SqliteReadStore implements ReadStore {
  /** Prepared once per collection: preparing costs more than running these small statements. */
  private readonly statements = new Map<string, Statements>();
  private readonly saveCheckpoint;
  private readonly loadCheckpoint;
  /** Filtered and sorted lists vary by query; the last few hundred shapes stay prepared. */
  private readonly queries = new Map<string, Database.Statement<unknown[], unknown>>();
  private readonly applyInTransaction: (batches: CollectionBatch[]) => void;

  constructor(private readonly db: SqliteDatabase) {
    db.exec('CREATE TABLE IF NOT EXISTS rm_checkpoints (collection TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID');
    this.saveCheckpoint = db.prepare(`INSERT INTO rm_checkpoints (collection, position) VALUES (?, ?)
      ON CONFLICT(collection) DO UPDATE SET position = excluded.position`);
    this.loadCheckpoint = db.prepare<[string], { position: number }>('SELECT position FROM rm_checkpoints WHERE collection = ?');
    // Changes and checkpoints commit together: a crash never skips or re-applies a batch.
    this.applyInTransaction = db.transaction((batches: CollectionBatch[]) => {
      for (const { collection, changes, checkpoint } of batches) {
        const { removeCompany, remove, upsert } = this.statementsFor(collection);
        for (const companyId of changes.removeCompanies) removeCompany.run(companyId);
        for (const erasure of changes.erasures ?? []) this.erase(collection, erasure);
        for (const { id } of changes.removals) remove.run(id);
        for (const d of changes.upserts) upsert.run(d.id, d.companyId, d.position, JSON.stringify(d.doc));
        this.saveCheckpoint.run(collection, checkpoint);
      }
    });
  }

  private query<R>(sql: string): Database.Statement<unknown[], R> {
    let statement = this.queries.get(sql);
    if (!statement) {
      if (this.queries.size >= 256) this.queries.clear();
      statement = this.db.prepare(sql);
      this.queries.set(sql, statement);
    }
    return statement as Database.Statement<unknown[], R>;
  }

  private statementsFor(collection: string): Statements {
    let prepared = this.statements.get(collection);
    if (!prepared) {
      prepared = prepareStatements(this.db, tableOf(collection));
      this.statements.set(collection, prepared);
    }
    return prepared;
  }

  async ensureCollection(collection: string, indexedFields: string[]): Promise<void> {
    const table = tableOf(collection);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
      id TEXT PRIMARY KEY, company_id TEXT NOT NULL, position INTEGER NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID`);
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${table}_company ON ${table} (company_id)`);
    for (const field of indexedFields.map(assertFieldName)) {
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${table}_${field} ON ${table} (json_extract(doc, '$.${field}'), id)`);
    }
  }

  async load(collection: string, ids: string[]): Promise<Map<string, StoredDocument>> {
    const found = new Map<string, StoredDocument>();
    if (ids.length === 0) return found;
    for (const row of this.statementsFor(collection).selectMany.all(JSON.stringify(ids))) found.set(row.id, toStored(row));
    return found;
  }

  async applyBatch(collection: string, changes: BatchChanges, checkpoint: bigint): Promise<void> {
    return this.applyBatches([{ collection, changes, checkpoint }]);
  }

  async applyBatches(batches: CollectionBatch[]): Promise<void> {
    this.applyInTransaction(batches);
    // Removed companies and erased people must not linger in the log's old pages (the file's
    // free space is zeroed by secure_delete, see openDatabase): checkpoint it away now.
    if (batches.some(({ changes }) => changes.removeCompanies.length > 0 || (changes.erasures?.length ?? 0) > 0)) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }

  private erase(collection: string, { field, value, clear, position }: Erasure): void {
    if (clear.length === 0) return;
    const paths = clear.map((name) => `'$.${assertFieldName(name)}', NULL`).join(', ');
    this.query(`UPDATE ${tableOf(collection)} SET doc = json_set(doc, ${paths})
      WHERE json_extract(doc, '$.${assertFieldName(field)}') = ? AND position < ?`).run(value, Number(position));
  }

  async checkpoint(collection: string): Promise<bigint> {
    return BigInt(this.loadCheckpoint.get(collection)?.position ?? 0);
  }

  async reset(collection: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM ${tableOf(collection)}`).run();
      this.db.prepare('DELETE FROM rm_checkpoints WHERE collection = ?').run(collection);
    })();
  }

  async get(collection: string, id: string): Promise<Document | null> {
    const row = this.statementsFor(collection).selectOne.get(id);
    return row ? JSON.parse(row.doc) : null;
  }

  async findOne(collection: string, filter: Record<string, FieldValue>): Promise<Document | null> {
    const { clauses, params } = whereEquals(filter);
    const row = this.query<Row>(
      `SELECT doc FROM ${tableOf(collection)} ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} LIMIT 1`).get(...params);
    return row ? JSON.parse(row.doc) : null;
  }

  async list(collection: string, query: ListQuery): Promise<Page> {
    const sortField = assertFieldName(query.sort.field);
    const sortExpr = `json_extract(doc, '$.${sortField}')`;
    const { clauses, params } = whereEquals(query.filter ?? {});
    if (query.contains) {
      clauses.push(`instr(json_extract(doc, '$.${assertFieldName(query.contains.field)}'), ?) > 0`);
      params.push(query.contains.text);
    }
    if (query.after) {
      const after = afterCursor(sortExpr, query.sort.descending, decodeCursor(query.after));
      clauses.push(after.clause);
      params.push(...after.params);
    }
    const direction = query.sort.descending ? 'DESC' : 'ASC';
    const rows = this.query<Row & { sort_value: FieldValue }>(
      `SELECT id, doc, ${sortExpr} AS sort_value FROM ${tableOf(collection)}
       ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
       ORDER BY sort_value ${direction}, id ${direction} LIMIT ?`).all(...params, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => JSON.parse(row.doc)),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ value: last.sort_value, id: last.id }) : null,
    };
  }

  async close(): Promise<void> {
    // The database handle belongs to whoever opened it.
  }
}

function tableOf(collection: string): string {
  return `rm_${assertFieldName(collection)}`;
}

/** SQLite keeps JSON booleans as 1/0, and better-sqlite3 binds no booleans. */
function bindable(value: FieldValue): string | number | null {
  return typeof value === 'boolean' ? Number(value) : value;
}

/**
 * Rows after a cursor in (sort value, id) order. SQLite, like MongoDB, sorts nulls first when
 * ascending and last when descending; `=` and `<` never match null, so nulls get their own terms.
 */
function afterCursor(sortExpr: string, descending: boolean, { value, id }: CursorPosition) {
  const op = descending ? '<' : '>';
  if (value === null) {
    return descending
      ? { clause: `(${sortExpr} IS NULL AND id < ?)`, params: [id] }
      : { clause: `(${sortExpr} IS NOT NULL OR id > ?)`, params: [id] };
  }
  const nullsAfter = descending ? ` OR ${sortExpr} IS NULL` : '';
  return {
    clause: `(${sortExpr} ${op} ? OR (${sortExpr} = ? AND id ${op} ?)${nullsAfter})`,
    params: [bindable(value), bindable(value), id],
  };
}

function whereEquals(filter: Record<string, FieldValue>) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [field, value] of Object.entries(filter)) {
    if (value === null) {
      clauses.push(`json_extract(doc, '$.${assertFieldName(field)}') IS NULL`);
    } else {
      clauses.push(`json_extract(doc, '$.${assertFieldName(field)}') = ?`);
      params.push(bindable(value));
    }
  }
  return { clauses, params };
}

function toStored(row: Row): StoredDocument {
  return { id: row.id, companyId: row.company_id, position: BigInt(row.position), doc: JSON.parse(row.doc) };
}
