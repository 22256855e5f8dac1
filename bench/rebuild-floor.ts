import type { SqliteDatabase } from '@tenancy/sqlite';

/** What writing a rebuilt table costs SQLite alone, in seconds of wall time. */
export interface Floor { write: number; indexes: number }

const SCRATCH = 'bench_rebuild_floor';
const BATCH = 5000;

/**
 * Writes a rebuilt read model's rows again, straight through one prepared INSERT per row (the
 * document stringified, as the store does) in transactions of a rebuild's batch, into a bare copy
 * of its table, then builds the same indexes: the least any projection code could cost on this
 * table layout, with no folding, loading or bookkeeping. Search tables (FTS5, grams) are not
 * copied, so for a searched collection this floor is lower than its layout allows.
 */
export function rebuildFloor(db: SqliteDatabase, table: string): Floor {
  const ddl = db.prepare<[string], { type: string; sql: string }>(
    `SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('table', 'index') AND sql IS NOT NULL`).all(table);
  const create = ddl.find((entry) => entry.type === 'table')!.sql;
  const indexes = ddl.filter((entry) => entry.type === 'index').map((entry) => entry.sql);
  const columns = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).map((c) => c.name);
  const docAt = columns.indexOf('doc');
  // Parsed before the clock starts: the store stringifies documents it holds as objects.
  const rows = db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid`).raw().all() as unknown[][];
  const docs = rows.map((row) => JSON.parse(String(row[docAt])) as unknown);

  db.exec(`DROP TABLE IF EXISTS ${SCRATCH}`);
  db.exec(create.replace(table, SCRATCH));
  try {
    const insert = db.prepare(`INSERT INTO ${SCRATCH} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const writeBatch = db.transaction((from: number) => {
      for (let i = from; i < Math.min(from + BATCH, rows.length); i++) {
        const row = rows[i].slice();
        row[docAt] = JSON.stringify(docs[i]);
        insert.run(...row);
      }
    });
    const written = process.hrtime.bigint();
    for (let from = 0; from < rows.length; from += BATCH) writeBatch(from);
    const indexed = process.hrtime.bigint();
    db.transaction(() => {
      for (const sql of indexes) db.exec(sql.replaceAll(table, SCRATCH));
    })();
    const done = process.hrtime.bigint();
    return { write: Number(indexed - written) / 1e9, indexes: Number(done - indexed) / 1e9 };
  } finally {
    db.exec(`DROP TABLE IF EXISTS ${SCRATCH}`);
  }
}
