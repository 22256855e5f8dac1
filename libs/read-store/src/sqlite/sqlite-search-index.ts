import type { SqliteDatabase } from '@tenancy/sqlite';
import { searchTableOf } from './sqlite-schema';

interface Indexed { rowid: number; text: unknown }

/**
 * Keeps a collection's FTS5 trigram table in step with its rows, inside the store's write
 * transaction. A row's entry is rewritten only when its searched text changed, so the activity
 * that rewrites a company's document many times costs the index nothing. The index writes wait
 * for the end of the batch: interleaved with the row upserts they made each upsert slower
 * (measured: a rebuild of companies ran at half the speed), together they cost a few µs a row.
 */
export class SearchIndex {
  private readonly statements;
  private removals: number[] = [];
  private inserts: [number, string][] = [];

  constructor(db: SqliteDatabase, table: string, private readonly field: string) {
    const fts = searchTableOf(table, field);
    this.statements = {
      current: db.prepare<[string], Indexed>(`SELECT rowid, json_extract(doc, '$.${field}') AS text FROM ${table} WHERE id = ?`),
      insert: db.prepare(`INSERT INTO ${fts} (rowid, text) VALUES (?, ?)`),
      remove: db.prepare(`DELETE FROM ${fts} WHERE rowid = ?`),
    };
  }

  /** What the row holds before an upsert; pass it to `upserted` with the row's rowid after. */
  before(id: string): Indexed | undefined {
    return this.statements.current.get(id);
  }

  upserted(previous: Indexed | undefined, rowid: number, doc: Record<string, unknown>): void {
    const text = searchable(doc[this.field]);
    if (previous && searchable(previous.text) === text) return;
    if (previous) this.removals.push(previous.rowid);
    if (text !== null) this.inserts.push([rowid, text]);
  }

  removed(rows: { rowid: number }[]): void {
    for (const { rowid } of rows) this.removals.push(rowid);
  }

  /** Writes what the batch changed: removals first, since a new row may take a removed row's rowid. */
  flush(): void {
    for (const rowid of this.removals) this.statements.remove.run(rowid);
    for (const [rowid, text] of this.inserts) this.statements.insert.run(rowid, text);
    this.removals = [];
    this.inserts = [];
  }
}

const searchable = (value: unknown): string | null => (typeof value === 'string' ? value : null);
