import { randomUUID } from 'node:crypto';
import type { Document, FieldValue, IndexKey, ListQuery, ReadStore, SortKind, StoredDocument } from './read-store.port';
import { searchKey } from './search-key';

const ENVIRONMENTS = ['production', 'staging', 'development'];
const FILTERED = ['environment', 'active'];
const SORTS = ['name', 'environment', 'userCount', 'active', 'createdAt', 'lastActivityAt'];
const SORT_KINDS: Record<string, SortKind> = {
  name: 'string', environment: 'string', userCount: 'number', active: 'boolean', createdAt: 'string', lastActivityAt: 'string',
};
/**
 * The company list's shape: one index per sort, keyed by both filters first, an unfiltered one by
 * name, and a searched name. A sort by a filter field needs no index of its own: within a slice it
 * is fixed, and ids order it.
 */
export const INDEXES: IndexKey[] = [FILTERED, ...SORTS.filter((sort) => !FILTERED.includes(sort)).map((sort) => [...FILTERED, sort]), ['name']];
const NAMES = [
  'Acme GmbH', 'Müller & Söhne', 'MÜLLER Bau', 'Zeta', 'ÉCOLE Bleue', 'ecole verte', 'Quote "Q" Ltd', 'Dot.*Star',
  'Straße Eins', 'Ølberg', 'acme north', 'Bravo',
];

/** 36 companies: every environment, both states, tied creation days and user counts, null and tied activity. */
export function companies(): StoredDocument[] {
  return Array.from({ length: 36 }, (_, i) => {
    const id = `d${String(i).padStart(2, '0')}`;
    const name = `${NAMES[i % NAMES.length]} ${Math.floor(i / NAMES.length)}`;
    const doc: Document = {
      id, companyId: id, name, nameSearch: searchKey(name), environment: ENVIRONMENTS[i % 3], active: i % 4 !== 0,
      userCount: i % 5,
      createdAt: `2026-01-0${1 + (i % 7)}`, lastActivityAt: i % 9 === 4 ? null : `2026-02-${String(1 + ((i * 5) % 20)).padStart(2, '0')}`,
    };
    return { id, companyId: id, position: 1n, doc };
  });
}

/** What a list must return, computed the slow way. */
export function expected(docs: Document[], query: Omit<ListQuery, 'limit' | 'after'>): string[] {
  const matches = (doc: Document) => Object.entries(query.filter ?? {}).every(([field, wanted]) =>
    (Array.isArray(wanted) ? wanted : [wanted]).includes((doc[field] ?? null) as FieldValue))
    && (!query.contains || (doc[query.contains.field] as string).includes(query.contains.text));
  const key = (doc: Document) => (doc[query.sort.field] ?? null) as string | null;
  const ascending = docs.filter(matches).sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x !== y) return x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    return (a.id as string) < (b.id as string) ? -1 : 1;
  }).map((doc) => doc.id as string);
  return query.sort.descending ? ascending.reverse() : ascending;
}

export const EVERY = { environment: ENVIRONMENTS, active: [true, false] };
/** What the list shows: a boolean, a null among the activity times, strings. */
const PAGE_FIELDS = ['id', 'name', 'active', 'lastActivityAt'];

/** As the company list asks: every filter field named, with every value when the user left it out. */
const INDEXED_FILTERS: Record<string, ListQuery['filter']> = {
  'no filter (every value of both)': EVERY,
  'one environment': { ...EVERY, environment: 'staging' },
  'inactive only (the clean-up view)': { ...EVERY, active: false },
  'both filters': { environment: 'production', active: true },
  'two environments, inactive': { environment: ['staging', 'development'], active: false },
  'an environment nobody has': { ...EVERY, environment: 'nowhere' },
};

/** Indexed or not, every filter gives the same answers. */
const FILTERS: Record<string, ListQuery['filter']> = {
  ...INDEXED_FILTERS,
  'nothing at all': {},
  'only an environment': { environment: 'staging' },
  'only inactive': { active: false },
};

const SEARCHES = ['muller', 'u', 'ec', 'ecole', '& s', 'strasse', 'olberg', 'q"', '.*', 'zzz', 'acme'];
/**
 * Shorter than a trigram: in most names (`e`; `Ø`, folded to `o`), in a few (`ze`: 3; `2`: the
 * third dozen), in none (`x`, `qz`), and across a word boundary (`e `).
 */
const SHORT_SEARCHES = ['e', 'ze', '2', 'Ø', 'x', 'qz', 'e '];
/** Hundreds of pages: FerretDB scans the collection for each (docs/ferretdb-notes.md), slower still on a loaded machine. */
const SLOW_SERVER_MS = 60_000;

/**
 * Lists in every combination the company list offers, against a slow oracle, and their plans:
 * each page must seek an index, never read the whole collection.
 */
export function listContract(adapter: string, store: () => ReadStore): void {
  describe(`ReadStore lists: ${adapter}`, () => {
    const docs = companies();
    let name: string;
    beforeAll(async () => {
      name = `lists_${randomUUID().replace(/-/g, '')}`;
      await store().ensureCollection(name, INDEXES, { search: 'nameSearch', searchSorts: ['name'], pageFields: PAGE_FIELDS });
      await store().applyBatch(name, { removeCompanies: [], upserts: docs, removals: [] }, 1n);
    });

    async function allPages(query: Omit<ListQuery, 'after'>): Promise<string[]> {
      const ids: string[] = [];
      let after: string | undefined;
      do {
        const page = await store().list(name, { ...query, after });
        ids.push(...page.items.map((item) => item.id as string));
        after = page.nextCursor ?? undefined;
      } while (after && ids.length <= docs.length);
      return ids;
    }

    // With each field's kind, as the company list asks: SQLite's 1/0 for a boolean must come back as one.
    const everySort = SORTS.flatMap((field) => [false, true].map((descending) => ({ field, descending, kind: SORT_KINDS[field] })));

    it.each(Object.entries(FILTERS))('given 36 companies, when filtering by %s, then every sort pages through exactly the matches in order', async (_label, filter) => {
      for (const sort of everySort) {
        expect([sort, await allPages({ filter, sort, limit: 5 })]).toEqual([sort, expected(docs.map((d) => d.doc), { filter, sort })]);
      }
    });

    it.each(SEARCHES)('given names with accents and cases, when searching %j, then the matches come in sort order, page by page', async (q) => {
      const text = searchKey(q);
      for (const filter of [{}, EVERY, { ...EVERY, active: true }]) {
        for (const sort of [{ field: 'name', descending: false }, { field: 'lastActivityAt', descending: true }]) {
          const query = { filter, contains: { field: 'nameSearch', text }, sort };
          expect([q, filter, sort, await allPages({ ...query, limit: 2 })]).toEqual([q, filter, sort, expected(docs.map((d) => d.doc), query)]);
        }
      }
    });

    it.each(SHORT_SEARCHES)('given searches shorter than a trigram, when searching %j, then every sort pages through exactly the matches in order', async (q) => {
      const text = searchKey(q);
      for (const filter of [{}, EVERY, { ...EVERY, environment: 'staging' }]) {
        for (const sort of everySort) {
          const query = { filter, contains: { field: 'nameSearch', text }, sort };
          expect([q, filter, sort, await allPages({ ...query, limit: 4 })]).toEqual([q, filter, sort, expected(docs.map((d) => d.doc), query)]);
        }
      }
    }, SLOW_SERVER_MS);

    it('given a searched company renamed, then the old name no longer finds it and the new one does', async () => {
      const renamed = { ...docs[3], position: 2n, doc: { ...docs[3].doc, name: 'Renamed Co', nameSearch: searchKey('Renamed Co') } };
      const search = (text: string) => store().list(name, { contains: { field: 'nameSearch', text }, sort: { field: 'name', descending: false }, limit: 50 });
      await store().applyBatch(name, { removeCompanies: [], upserts: [renamed], removals: [] }, 2n);
      expect((await search('renamed')).items.map((d) => d.id)).toEqual([renamed.id]);
      expect((await search('zeta')).items.map((d) => d.id)).not.toContain(renamed.id);
      await store().applyBatch(name, { removeCompanies: [renamed.id], upserts: [], removals: [] }, 3n);
      expect((await search('renamed')).items).toEqual([]);
      await store().applyBatch(name, { removeCompanies: [], upserts: [{ ...docs[3], position: 4n }], removals: [] }, 4n);
    });

    it('given page fields, when an unfiltered page asks for no more, then every page holds them as the documents do', async () => {
      for (const descending of [false, true]) {
        const query = { sort: { field: 'name', descending }, fields: PAGE_FIELDS };
        const order = expected(docs.map((d) => d.doc), query);
        const items: Document[] = [];
        for (let after: string | undefined, pages = 0; pages === 0 || (after && pages < 20); pages++) {
          const page = await store().list(name, { ...query, limit: 7, after });
          items.push(...page.items);
          after = page.nextCursor ?? undefined;
        }
        const shown = (doc: Document) => Object.fromEntries(PAGE_FIELDS.map((field) => [field, doc[field]]));
        expect(items.map(shown)).toEqual(order.map((id) => shown(docs.find((d) => d.id === id)!.doc)));
      }
    });

    it('given a searched company renamed in case only, then searches list it under its new name', async () => {
      const recased = { ...docs[3], position: 5n, doc: { ...docs[3].doc, name: 'zETA 0' } };
      const query = { contains: { field: 'nameSearch', text: 'zeta' }, sort: { field: 'name', descending: false } };
      await store().applyBatch(name, { removeCompanies: [], upserts: [recased], removals: [] }, 5n);
      const now = docs.map((d) => (d.id === recased.id ? recased.doc : d.doc));
      expect(await allPages({ ...query, limit: 1 })).toEqual(expected(now, query));
      await store().applyBatch(name, { removeCompanies: [], upserts: [{ ...docs[3], position: 6n }], removals: [] }, 6n);
    });

    it('given companies already stored, when their collection is declared again with a search sort, then searches in that order find them', async () => {
      const again = `lists_${randomUUID().replace(/-/g, '')}`;
      await store().ensureCollection(again, INDEXES, { search: 'nameSearch' });
      await store().applyBatch(again, { removeCompanies: [], upserts: docs, removals: [] }, 1n);
      await store().ensureCollection(again, INDEXES, { search: 'nameSearch', searchSorts: ['name'] });
      const query = { contains: { field: 'nameSearch', text: 'acme' }, sort: { field: 'name', descending: true } };
      const page = await store().list(again, { ...query, limit: 50 });
      expect(page.items.map((item) => item.id)).toEqual(expected(docs.map((d) => d.doc), query));
    });

    it('given a rebuild (reset, refilled, declared again), then searches find what was refilled, in order, while it runs and after', async () => {
      const rebuilt = `lists_${randomUUID().replace(/-/g, '')}`;
      const options = { search: 'nameSearch', searchSorts: ['name'], pageFields: PAGE_FIELDS };
      await store().ensureCollection(rebuilt, INDEXES, options);
      await store().applyBatch(rebuilt, { removeCompanies: [], upserts: docs, removals: [] }, 1n);
      await store().reset(rebuilt);
      const query = { contains: { field: 'nameSearch', text: 'muller' }, sort: { field: 'name', descending: false } };
      const refilled = docs.slice(0, 20);
      await store().applyBatch(rebuilt, { removeCompanies: [], upserts: refilled, removals: [] }, 1n);
      const ids = async () => (await store().list(rebuilt, { ...query, limit: 50 })).items.map((item) => item.id);
      expect(await ids()).toEqual(expected(refilled.map((d) => d.doc), query));
      await store().ensureCollection(rebuilt, INDEXES, options);
      expect(await ids()).toEqual(expected(refilled.map((d) => d.doc), query));
    });

    it('given a rebuild that stopped after some batches, when the collection is declared again (a restart), then every list is served by its indexes again', async () => {
      const rebuilt = `lists_${randomUUID().replace(/-/g, '')}`;
      const options = { search: 'nameSearch', searchSorts: ['name'], pageFields: PAGE_FIELDS };
      await store().ensureCollection(rebuilt, INDEXES, options);
      await store().applyBatch(rebuilt, { removeCompanies: [], upserts: docs, removals: [] }, 1n);
      await store().reset(rebuilt);
      await store().applyBatch(rebuilt, { removeCompanies: [], upserts: docs, removals: [] }, 1n);
      await store().ensureCollection(rebuilt, INDEXES, options);
      const queries: ListQuery[] = [
        { sort: { field: 'name', descending: false }, limit: 2, fields: PAGE_FIELDS },
        { filter: INDEXED_FILTERS['both filters'], sort: { field: 'createdAt', descending: true }, limit: 2 },
        { filter: EVERY, contains: { field: 'nameSearch', text: 'acme' }, sort: { field: 'name', descending: false }, limit: 2 },
      ];
      const scanning = [];
      for (const query of queries) {
        expect((await store().list(rebuilt, { ...query, limit: 50 })).items.map((item) => item.id)).toEqual(expected(docs.map((d) => d.doc), query));
        const plan = await store().explainList?.(rebuilt, query);
        if (plan?.scansWholeCollection) scanning.push([JSON.stringify(query), plan.steps]);
      }
      expect(scanning).toEqual([]);
    });

    it('given every filter, sort and search the company list offers, then no page reads the whole collection', async () => {
      const queries: ListQuery[] = [];
      for (const filter of Object.values(INDEXED_FILTERS)) {
        for (const sort of everySort) {
          for (const contains of [undefined, ...['acme', 'ec', 'x'].map((text) => ({ field: 'nameSearch', text }))]) {
            const first = { filter, sort, contains, limit: 2 };
            const next = (await store().list(name, first)).nextCursor;
            queries.push(first, ...(next ? [{ ...first, after: next }] : []));
          }
        }
      }
      // The default view: nothing filtered or searched, by name, from its own index.
      for (const descending of [false, true]) {
        const first = { sort: { field: 'name', descending }, limit: 2 };
        queries.push(first, { ...first, after: (await store().list(name, first)).nextCursor! });
      }
      const plans = [];
      for (const query of queries) plans.push({ query, plan: await store().explainList?.(name, query) });
      if (plans.some(({ plan }) => !plan)) {
        process.stdout.write(`[read-store] ${adapter}: the server gives no plan worth reading; plans unchecked\n`);
        return;
      }
      expect(plans.filter(({ plan }) => plan!.scansWholeCollection).map(({ query, plan }) => [JSON.stringify(query), plan!.steps])).toEqual([]);
    }, SLOW_SERVER_MS);
  });

  describe(`ReadStore lists: one person's documents in every company, from a start value: ${adapter}`, () => {
    const docs = invitations();
    /** The invitee's open invitations: their address, recorded `sent`, expiring at START or later, soonest first. */
    const query = (email: string) => ({ filter: { email, status: 'sent' }, sort: { field: 'expiresAt', descending: false }, start: { value: START, id: '' } });
    const open = (email: string, among = docs) =>
      expected(among.map((d) => d.doc), query(email)).filter((id) => (among.find((d) => d.id === id)!.doc.expiresAt as string) >= START);

    async function allPagesFrom(name: string, email: string): Promise<string[]> {
      const ids: string[] = [];
      let after: string | undefined;
      do {
        const page = await store().list(name, { ...query(email), limit: 2, after });
        ids.push(...page.items.map((item) => item.id as string));
        after = page.nextCursor ?? undefined;
      } while (after && ids.length <= docs.length);
      return ids;
    }

    it('given documents of several people and erased ones (null), when one person\'s are paged from a start value, then exactly those at or past it come, ties at it included, in order', async () => {
      const name = `lists_${randomUUID().replace(/-/g, '')}`;
      await store().ensureCollection(name, INVITATION_INDEXES);
      await store().applyBatch(name, { removeCompanies: [], upserts: docs, removals: [] }, 1n);
      for (const email of PEOPLE) expect([email, await allPagesFrom(name, email)]).toEqual([email, open(email)]);
      // The oracle sees ties at the start value and people with none to list, so the check above is not empty-handed.
      expect(open(PEOPLE[0]).filter((id) => docs.find((d) => d.id === id)!.doc.expiresAt === START).length).toBeGreaterThan(1);
      expect(open('nobody@x.example')).toEqual([]);
    });

    it('given documents stored before their index was declared, when the collection is declared again with it, then lists by it find them, and no page reads the whole collection', async () => {
      const name = `lists_${randomUUID().replace(/-/g, '')}`;
      await store().ensureCollection(name, INVITATION_INDEXES.slice(0, 1));
      await store().applyBatch(name, { removeCompanies: [], upserts: docs, removals: [] }, 1n);
      await store().ensureCollection(name, INVITATION_INDEXES);
      expect(await allPagesFrom(name, PEOPLE[0])).toEqual(open(PEOPLE[0]));

      const first = { ...query(PEOPLE[0]), limit: 2 };
      const pages = [first, { ...first, after: (await store().list(name, first)).nextCursor! }];
      const plans = await Promise.all(pages.map((page) => store().explainList?.(name, page)));
      if (plans.some((plan) => !plan)) return; // the server gives no plan worth reading (FerretDB)
      expect(plans.filter((plan) => plan!.scansWholeCollection).map((plan) => plan!.steps)).toEqual([]);
    });
  });
}

/** The invitations read model's keys: a company's by status, and a person's in every company. */
const INVITATION_INDEXES: IndexKey[] = [['companyId', 'status', 'expiresAt'], ['email', 'status', 'expiresAt']];
const PEOPLE = ['nina@x.example', 'otto@x.example'];
const START = '2026-03-04T12:00:00.000Z';

/** 60 invitations over 6 companies: two people and erased ones (null), four statuses, expiries before, at and after START. */
function invitations(): StoredDocument[] {
  const expiries = [
    '2026-03-01T00:00:00.000Z', '2026-03-04T11:59:59.999Z', START, '2026-03-04T12:00:00.001Z', '2026-03-20T00:00:00.000Z', START,
    '2026-03-04T11:00:00.000Z',
  ];
  return Array.from({ length: 60 }, (_, i) => {
    const id = `i${String(i).padStart(2, '0')}`;
    const companyId = `c${i % 6}`;
    const doc: Document = {
      id, companyId, invitationId: id, email: [...PEOPLE, null][i % 3], status: ['sent', 'accepted', 'sent', 'cancelled', 'declined'][i % 5],
      expiresAt: expiries[i % expiries.length],
    };
    return { id, companyId, position: 1n, doc };
  });
}
