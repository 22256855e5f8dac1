import type { SqliteDatabase } from '@tenancy/sqlite';
import { gramEntries, gramsTableOf, searchTableOf } from './sqlite-schema';

/** A row's searched text and its sort values (the `searchSorts`, in order), as stored. */
export interface Indexed { rowid: number; text: unknown; sorts: unknown[] }

/**
 * Keeps a collection's FTS5 trigram table, and its trigram tables in sort order, in step with its
 * rows, inside the store's write transaction. A row's entries are rewritten only when its
 * searched text (or, for a sort's table, that sort value) changed, so the activity that rewrites a
 * company's document many times costs the index nothing. The index writes wait for the end of the
 * batch: interleaved with the row upserts they made each upsert slower (measured: a rebuild of
 * companies ran at half the speed), together they cost a few µs a row.
 */
export class SearchIndex {
  private readonly statements;
  private removals: Indexed[] = [];
  private inserts: Indexed[] = [];

  constructor(db: SqliteDatabase, table: string, private readonly field: string, private readonly sorts: readonly string[]) {
    const fts = searchTableOf(table, field);
    this.statements = {
      current: db.prepare<[string], Record<string, unknown> & { rowid: number }>(`SELECT ${indexedColumns(field, sorts)} FROM ${table} WHERE id = ?`),
      insert: db.prepare(`INSERT INTO ${fts} (rowid, text) VALUES (?, ?)`),
      remove: db.prepare(`DELETE FROM ${fts} WHERE rowid = ?`),
      grams: sorts.map((sort) => ({
        insert: db.prepare(`INSERT INTO ${gramsTableOf(table, sort)} (gram, sort_value, row) VALUES (?, ?, ?)`),
        remove: db.prepare(`DELETE FROM ${gramsTableOf(table, sort)} WHERE gram = ? AND sort_value = ? AND row = ?`),
      })),
    };
  }

  /** What the row holds before an upsert; pass it to `upserted` with the row's rowid after. */
  before(id: string): Indexed | undefined {
    const row = this.statements.current.get(id);
    return row && this.indexed(row);
  }

  upserted(previous: Indexed | undefined, rowid: number, doc: Record<string, unknown>): void {
    const next = { rowid, text: searchable(doc[this.field]), sorts: this.sorts.map((sort) => doc[sort] ?? null) };
    if (previous && searchable(previous.text) === next.text && this.sorts.every((_, i) => sameValue(previous.sorts[i], next.sorts[i]))) return;
    if (previous) this.removals.push(previous);
    this.inserts.push(next);
  }

  /** Rows deleted, as `RETURNING ${indexedColumns}` gave them. */
  removed(rows: (Record<string, unknown> & { rowid: number })[]): void {
    for (const row of rows) this.removals.push(this.indexed(row));
  }

  /**
   * Writes what the batch changed: removals first, since a new row may take a removed row's rowid.
   * (Writing a batch's trigram entries in key order did not make a rebuild faster; filling the
   * table at the rebuild's end did: see emptyTable.)
   */
  flush(): void {
    const { insert, remove, grams } = this.statements;
    for (const { rowid, text, sorts } of this.removals) {
      if (searchable(text) !== null) remove.run(rowid);
      grams.forEach((table, i) => { for (const entry of gramEntries(text, sorts[i])) table.remove.run(entry.gram, entry.sortValue, rowid); });
    }
    for (const { rowid, text, sorts } of this.inserts) {
      if (searchable(text) !== null) insert.run(rowid, text);
      grams.forEach((table, i) => { for (const entry of gramEntries(text, sorts[i])) table.insert.run(entry.gram, entry.sortValue, rowid); });
    }
    this.removals = [];
    this.inserts = [];
  }

  private indexed(row: Record<string, unknown> & { rowid: number }): Indexed {
    return { rowid: row.rowid, text: row.text, sorts: this.sorts.map((_, i) => row[`sort_${i}`]) };
  }
}

/** The columns a searched row's index entries are made of: `rowid, text, sort_0, sort_1…`. */
export function indexedColumns(field: string, sorts: readonly string[]): string {
  return ['rowid', `json_extract(doc, '$.${field}') AS text`, ...sorts.map((sort, i) => `json_extract(doc, '$.${sort}') AS sort_${i}`)].join(', ');
}

const searchable = (value: unknown): string | null => (typeof value === 'string' ? value : null);
/** SQLite gives booleans back as 1/0; the document holds true/false. */
const sameValue = (stored: unknown, value: unknown) => stored === (typeof value === 'boolean' ? Number(value) : value);
