import { randomBytes } from 'node:crypto';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { ListCursors } from '../cursor';
import type { ListQuery, StoredDocument } from '../read-store.port';
import { readStoreContract } from '../read-store.contract';
import { companies, EVERY, expected, INDEXES } from '../read-store.lists.contract';
import { gramsOf, searchKey } from '../search-key';
import { SqliteReadStore } from './sqlite-read-store';
import { fieldValue } from './sqlite-schema';

const cursors = new ListCursors(randomBytes(32));

readStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteReadStore(db, cursors), dispose: async () => { db.close(); } };
});

// With one candidate at most, every search of three characters or more walks the sort order
// instead of sorting the trigram index's candidates: both ways must give the same pages.
readStoreContract('SQLite (embedded), searches walking the sort order', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteReadStore(db, cursors, 1), dispose: async () => { db.close(); } };
});

// With at most 8 candidates, some searches sort their few matches and others walk or read in order.
readStoreContract('SQLite (embedded), a few candidates sorted', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteReadStore(db, cursors, 8), dispose: async () => { db.close(); } };
});

describe('SQLite read store: searches across plans', () => {
  let db: SqliteDatabase;
  beforeEach(() => { db = openDatabase(':memory:'); });
  afterEach(() => db.close());
  const docs = companies();
  const options = { search: 'nameSearch', searchSorts: ['name'] };

  // Rows without a sort value have no entries in the grams table: the search reads them from the sort's index.
  const nameless = ['Acme Süd', 'École du Nord'].map((text, i): StoredDocument => {
    const id = `n${i}`;
    return { id, companyId: id, position: 1n, doc: { ...docs[i].doc, id, companyId: id, name: null, nameSearch: searchKey(text) } };
  });

  it('given pages read in turn by a store that sorts the candidates and one that walks the sort order or reads the grams in order, some rows without a name, then the pages join without gaps or repeats', async () => {
    const [sorting, walking] = [new SqliteReadStore(db, cursors), new SqliteReadStore(db, cursors, 1)];
    await sorting.ensureCollection('companies_x', INDEXES, options);
    await sorting.applyBatch('companies_x', { removeCompanies: [], upserts: [...docs, ...nameless], removals: [] }, 1n);
    for (const q of ['e', 'ec', 'Ø', 'acme', 'MÜLLER', 'e b']) {
      for (const sort of [{ field: 'name', descending: false }, { field: 'name', descending: true }, { field: 'lastActivityAt', descending: true },
        { field: 'createdAt', descending: false }]) {
        const query: Omit<ListQuery, 'limit'> = { filter: EVERY, contains: { field: 'nameSearch', text: searchKey(q) }, sort };
        const ids: unknown[] = [];
        let after: string | undefined;
        for (let turn = 0; turn === 0 || (after && turn <= docs.length); turn++) {
          const page = await [sorting, walking][turn % 2].list('companies_x', { ...query, limit: 2, after });
          ids.push(...page.items.map((item) => item.id));
          after = page.nextCursor ?? undefined;
        }
        expect([q, sort, ids]).toEqual([q, sort, expected([...docs, ...nameless].map((d) => d.doc), query)]);
      }
    }
  });

  it('given a search sort\'s table of trigrams alone (before 2026-12-03), when the collection is declared again, then a table of every gram replaces it, filled from the rows', async () => {
    const store = new SqliteReadStore(db, cursors);
    await store.ensureCollection('companies_x', INDEXES, { search: 'nameSearch' });
    await store.applyBatch('companies_x', { removeCompanies: [], upserts: docs, removals: [] }, 1n);
    db.exec(`CREATE TABLE rm_companies_x_grams_name (gram TEXT NOT NULL, sort_value NOT NULL, row INTEGER NOT NULL,
      PRIMARY KEY (gram, sort_value, row)) WITHOUT ROWID`);
    await store.ensureCollection('companies_x', INDEXES, options);
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE name LIKE 'rm_companies_x_%grams%'").all();
    expect(tables.map((t) => t.name)).toEqual(['rm_companies_x_ngrams_name']);
    const entries = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM rm_companies_x_ngrams_name').get()!.n;
    expect(entries).toBe(docs.reduce((sum, d) => sum + gramsOf(d.doc.nameSearch as string).length, 0));
    const query = { filter: EVERY, contains: { field: 'nameSearch', text: 'e' }, sort: { field: 'name', descending: false } };
    expect((await store.list('companies_x', { ...query, limit: 50 })).items.map((item) => item.id)).toEqual(expected(docs.map((d) => d.doc), query));
  });
});

describe('SQLite read store: rebuilds', () => {
  let db: SqliteDatabase;
  let store: SqliteReadStore;
  beforeEach(() => {
    db = openDatabase(':memory:');
    store = new SqliteReadStore(db, cursors);
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

  it('given a searched collection\'s rebuild, when its end fills the grams with a small sorter, then the grams are all there and the connection\'s cache is as it was', async () => {
    const docs = companies();
    const cacheBefore = db.pragma('cache_size', { simple: true });
    const options = { search: 'nameSearch', searchSorts: ['name'] };
    await store.ensureCollection('companies_v9', INDEXES, options);
    await store.reset('companies_v9');
    await store.applyBatch('companies_v9', { removeCompanies: [], upserts: docs, removals: [] }, 1n);
    await store.ensureCollection('companies_v9', INDEXES, options);
    expect(db.pragma('cache_size', { simple: true })).toBe(cacheBefore);
    const entries = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM rm_companies_v9_ngrams_name').get()!.n;
    expect(entries).toBe(docs.reduce((sum, d) => sum + gramsOf(d.doc.nameSearch as string).length, 0));
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
