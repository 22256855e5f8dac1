import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import type { StoredDocument } from '../read-store.port';
import { readStoreContract } from '../read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';
import { fieldValue } from './sqlite-schema';

readStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteReadStore(db), dispose: async () => { db.close(); } };
});

// With one candidate at most, every search of three characters or more walks the sort order
// instead of sorting the trigram index's candidates: both ways must give the same pages.
readStoreContract('SQLite (embedded), searches walking the sort order', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteReadStore(db, 1), dispose: async () => { db.close(); } };
});

describe('SQLite read store: rebuilds', () => {
  let db: SqliteDatabase;
  let store: SqliteReadStore;
  beforeEach(() => {
    db = openDatabase(':memory:');
    store = new SqliteReadStore(db);
  });
  afterEach(() => db.close());

  const doc = (id: string, companyId: string, name: string, position = 1n): StoredDocument =>
    ({ id, companyId, position, doc: { id, companyId, name } });
  const tableSql = () => db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'rm_members_v9'").get()?.sql;

  it('given a collection in the earlier layout (WITHOUT ROWID), when it is reset and refilled, then it is a rowid table holding the new documents', async () => {
    db.exec(`CREATE TABLE rm_members_v9 (id TEXT PRIMARY KEY, company_id TEXT NOT NULL, position INTEGER NOT NULL, doc TEXT NOT NULL,
      f_name GENERATED ALWAYS AS (json_extract(doc, '$.name')) VIRTUAL) WITHOUT ROWID`);
    await store.ensureCollection('members_v9', ['name']);
    await store.applyBatch('members_v9', { removeCompanies: [], upserts: [doc('old', 'c1', 'Old')], removals: [] }, 1n);
    await store.reset('members_v9');
    await store.applyBatch('members_v9', { removeCompanies: [], upserts: [doc('new', 'c1', 'New', 2n)], removals: [] }, 2n);
    await store.ensureCollection('members_v9', ['name']);
    expect(tableSql()).not.toMatch(/WITHOUT ROWID|GENERATED/i);
    expect((await store.list('members_v9', { sort: { field: 'name', descending: false }, limit: 10 })).items).toEqual([doc('new', 'c1', 'New').doc]);
  });

  it('given a reset collection, when a batch removes a company before the rebuild ends, then the removal seeks the company\'s rows by an index', async () => {
    await store.ensureCollection('members_v9', [['name']]);
    await store.reset('members_v9');
    await store.applyBatch('members_v9', { removeCompanies: [], upserts: [doc('a', 'c1', 'A'), doc('b', 'c2', 'B')], removals: [] }, 1n);
    await store.applyBatch('members_v9', { removeCompanies: ['c1'], upserts: [], removals: [] }, 2n);
    const plan = db.prepare<[string], { detail: string }>('EXPLAIN QUERY PLAN DELETE FROM rm_members_v9 WHERE company_id = ? AND company_id <> id')
      .all('c1').map((row) => row.detail);
    expect(plan.join('\n')).toMatch(/USING INDEX/);
  });
});

describe('SQLite read store: field columns', () => {
  it('given any JSON value, then its column holds what json_extract reads from the document, type and all', () => {
    const db = openDatabase(':memory:');
    const values = ['text', '', 'ünï', 0, -0, 1, -7, 2.5, 1e21, 2 ** 60, -(2 ** 63), 2 ** 63, true, false, null, undefined, { a: 1, b: 'x' }, [1, 'two', null]];
    const read = db.prepare<{ doc: string }, { type: string; value: unknown }>(
      `SELECT typeof(json_extract(:doc, '$.v')) AS type, json_extract(:doc, '$.v') AS value`);
    const bound = db.prepare<{ v: unknown }, { type: string; value: unknown }>('SELECT typeof(:v) AS type, :v AS value');
    expect(values.map((v) => bound.get({ v: fieldValue(v) }))).toEqual(values.map((v) => read.get({ doc: JSON.stringify({ v }) })));
    db.close();
  });
});
