import type { SqliteDatabase } from '@tenancy/sqlite';
import { assertFieldName, decodeCursor, encodeCursor } from '../cursor';
import type {
  BatchChanges, Document, FieldValue, ListQuery, Page, ReadStore, StoredDocument,
} from '../read-store.port';

interface Row { id: string; company_id: string; position: number; doc: string }

/** Read models in the embedded SQLite file: one table per collection, JSON documents. */
export class SqliteReadStore implements ReadStore {
  constructor(private readonly db: SqliteDatabase) {
    db.exec('CREATE TABLE IF NOT EXISTS rm_checkpoints (collection TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID');
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
    const select = this.db.prepare<[string], Row>(`SELECT * FROM ${tableOf(collection)} WHERE id = ?`);
    for (const id of new Set(ids)) {
      const row = select.get(id);
      if (row) found.set(id, toStored(row));
    }
    return found;
  }

  async applyBatch(collection: string, changes: BatchChanges, checkpoint: bigint): Promise<void> {
    const table = tableOf(collection);
    const removeCompany = this.db.prepare(`DELETE FROM ${table} WHERE company_id = ?`);
    const remove = this.db.prepare(`DELETE FROM ${table} WHERE id = ?`);
    const upsert = this.db.prepare(`INSERT INTO ${table} (id, company_id, position, doc) VALUES (?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET company_id = excluded.company_id, position = excluded.position, doc = excluded.doc`);
    const saveCheckpoint = this.db.prepare(`INSERT INTO rm_checkpoints (collection, position) VALUES (?, ?)
      ON CONFLICT(collection) DO UPDATE SET position = excluded.position`);
    // Changes and checkpoint commit together: a crash never skips or re-applies a batch.
    this.db.transaction(() => {
      for (const companyId of changes.removeCompanies) removeCompany.run(companyId);
      for (const { id } of changes.removals) remove.run(id);
      for (const d of changes.upserts) upsert.run(d.id, d.companyId, d.position, JSON.stringify(d.doc));
      saveCheckpoint.run(collection, checkpoint);
    })();
  }

  async checkpoint(collection: string): Promise<bigint> {
    const row = this.db.prepare<[string], { position: number }>(
      'SELECT position FROM rm_checkpoints WHERE collection = ?').get(collection);
    return BigInt(row?.position ?? 0);
  }

  async reset(collection: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM ${tableOf(collection)}`).run();
      this.db.prepare('DELETE FROM rm_checkpoints WHERE collection = ?').run(collection);
    })();
  }

  async get(collection: string, id: string): Promise<Document | null> {
    const row = this.db.prepare<[string], Row>(`SELECT doc FROM ${tableOf(collection)} WHERE id = ?`).get(id);
    return row ? JSON.parse(row.doc) : null;
  }

  async findOne(collection: string, filter: Record<string, FieldValue>): Promise<Document | null> {
    const { clauses, params } = whereEquals(filter);
    const row = this.db.prepare<unknown[], Row>(
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
      const { value, id } = decodeCursor(query.after);
      const op = query.sort.descending ? '<' : '>';
      clauses.push(`(${sortExpr} ${op} ? OR (${sortExpr} = ? AND id ${op} ?))`);
      params.push(bindable(value), bindable(value), id);
    }
    const direction = query.sort.descending ? 'DESC' : 'ASC';
    const rows = this.db.prepare<unknown[], Row & { sort_value: FieldValue }>(
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
