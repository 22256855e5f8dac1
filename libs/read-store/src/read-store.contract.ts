import { randomUUID } from 'node:crypto';
import { InvalidCursor, type Document, type ListQuery, type ReadStore, type StoredDocument } from './read-store.port';
import { fencingContract } from './read-store.fencing.contract';
import { listContract } from './read-store.lists.contract';

/**
 * The one suite every read-store adapter passes: the same writes and queries must give
 * the same answers whether the read models live in SQLite or MongoDB.
 */
export function readStoreContract(
  adapter: string,
  open: () => Promise<{ store: ReadStore; dispose(): Promise<void> }>,
): void {
  describe(`ReadStore contract: ${adapter}`, () => {
    let store: ReadStore;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await open()));
    afterAll(async () => dispose?.());

    const collection = () => `contract_${randomUUID().replace(/-/g, '')}`;
    const doc = (id: string, companyId: string, fields: Document, position = 1n): StoredDocument =>
      ({ id, companyId, position, doc: { id, companyId, ...fields } });

    async function seeded(): Promise<string> {
      const name = collection();
      await store.ensureCollection(name, ['name', 'createdAt', 'environment', 'active']);
      const rows = [
        doc('a', 'c1', { name: 'alpha', environment: 'production', active: true, createdAt: '2026-01-03' }),
        doc('b', 'c1', { name: 'bravo', environment: 'staging', active: false, createdAt: '2026-01-01' }),
        doc('c', 'c2', { name: 'charlie', environment: 'production', active: true, createdAt: '2026-01-02' }),
        doc('d', 'c3', { name: 'delta', environment: 'production', active: false, createdAt: '2026-01-02' }),
        doc('e', 'c3', { name: 'echo', environment: 'development', active: true, createdAt: '2026-01-05' }),
      ];
      await store.applyBatch(name, { removeCompanies: [], upserts: rows, removals: [] }, 10n);
      return name;
    }

    async function allPages(name: string, query: Omit<ListQuery, 'after'>): Promise<string[]> {
      const ids: string[] = [];
      let after: string | undefined;
      do {
        const page = await store.list(name, { ...query, after });
        ids.push(...page.items.map((item) => item.id as string));
        after = page.nextCursor ?? undefined;
      } while (after);
      return ids;
    }

    it('given documents, when getting one by id, then it comes back as written', async () => {
      const name = await seeded();
      expect(await store.get(name, 'c')).toEqual({ id: 'c', companyId: 'c2', name: 'charlie', environment: 'production', active: true, createdAt: '2026-01-02' });
      expect(await store.get(name, 'zzz')).toBeNull();
    });

    it('given documents, when sorting ascending in pages of 2, then every document comes once in order', async () => {
      const name = await seeded();
      expect(await allPages(name, { sort: { field: 'name', descending: false }, limit: 2 })).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('given equal sort values, when sorting descending in pages, then ties break by id and none is lost', async () => {
      const name = await seeded();
      expect(await allPages(name, { sort: { field: 'createdAt', descending: true }, limit: 1 })).toEqual(['e', 'a', 'd', 'c', 'b']);
    });

    it('given documents, when filtering by equality on strings and booleans, then only matches come', async () => {
      const name = await seeded();
      const sort = { field: 'name', descending: false };
      expect(await allPages(name, { filter: { environment: 'production', active: true }, sort, limit: 10 })).toEqual(['a', 'c']);
      expect(await allPages(name, { filter: { active: false }, sort, limit: 10 })).toEqual(['b', 'd']);
    });

    it('given documents, when searching a substring, then matching names come', async () => {
      const name = await seeded();
      expect(await allPages(name, { contains: { field: 'name', text: 'ha' }, sort: { field: 'name', descending: false }, limit: 10 }))
        .toEqual(['a', 'c']);
    });

    it('given null and missing sort values, when paging one by one both ways, then every document comes once', async () => {
      const name = collection();
      await store.ensureCollection(name, ['rank']);
      const rows = [doc('a', 'c1', { rank: 2 }), doc('b', 'c1', { rank: null }), doc('c', 'c1', { rank: 1 }),
        doc('d', 'c1', {}), doc('e', 'c1', { rank: 2 })];
      await store.applyBatch(name, { removeCompanies: [], upserts: rows, removals: [] }, 1n);
      const ascending = await allPages(name, { sort: { field: 'rank', descending: false }, limit: 1 });
      const descending = await allPages(name, { sort: { field: 'rank', descending: true }, limit: 1 });
      expect(ascending.slice(2)).toEqual(['c', 'a', 'e']);
      expect(ascending.slice(0, 2).sort()).toEqual(['b', 'd']);
      expect(descending).toEqual([...ascending].reverse());
    });

    it('given a full last page, when listing, then there is no next cursor', async () => {
      const name = await seeded();
      const page = await store.list(name, { sort: { field: 'name', descending: false }, limit: 5 });
      expect(page.items).toHaveLength(5);
      expect(page.nextCursor).toBeNull();
    });

    it('given documents, when finding one by a field, then the match comes back', async () => {
      const name = await seeded();
      expect((await store.findOne(name, { name: 'delta' }))?.id).toBe('d');
      expect(await store.findOne(name, { name: 'nobody' })).toBeNull();
    });

    it('given several matches written out of id order, when finding one, then the lowest id comes back', async () => {
      const name = collection();
      await store.ensureCollection(name, ['name']);
      const rows = ['z', 'm', 'b'].map((id) => doc(id, 'c1', { name: id, kind: 'same' }));
      await store.applyBatch(name, { removeCompanies: [], upserts: rows, removals: [] }, 1n);
      expect((await store.findOne(name, { kind: 'same' }))?.id).toBe('b');
    });

    it('given a batch that removes a company and one document, then the rest stay and the checkpoint moves', async () => {
      const name = await seeded();
      await store.applyBatch(name, {
        removeCompanies: ['c3'],
        upserts: [doc('b', 'c1', { name: 'bravo2', environment: 'staging', active: true, createdAt: '2026-01-01' }, 12n)],
        removals: [{ id: 'c', position: 12n }],
      }, 12n);
      expect(await allPages(name, { sort: { field: 'name', descending: false }, limit: 10 })).toEqual(['a', 'b']);
      expect((await store.get(name, 'b'))?.name).toBe('bravo2');
      expect(await store.checkpoint(name)).toBe(12n);
      const loaded = await store.load(name, ['a', 'b', 'd']);
      expect([...loaded.keys()].sort()).toEqual(['a', 'b']);
      expect(loaded.get('b')?.position).toBe(12n);
      expect(loaded.get('b')?.companyId).toBe('c1');
    });

    it('given a person\'s documents in two companies, when they are erased, then their fields written before it are cleared and nothing else', async () => {
      const name = collection();
      await store.ensureCollection(name, ['userId']);
      await store.applyBatch(name, { removeCompanies: [], removals: [], upserts: [
        doc('c1:sam', 'c1', { userId: 'sam', email: 'sam@one.example', role: 'admin' }, 5n),
        doc('c2:sam', 'c2', { userId: 'sam', email: 'sam@two.example', role: 'viewer' }, 6n),
        doc('c3:sam', 'c3', { userId: 'sam', email: 'sam@new.example', role: 'viewer' }, 30n),
        doc('c1:kim', 'c1', { userId: 'kim', email: 'kim@one.example', role: 'owner' }, 7n),
      ] }, 30n);
      const erasure = { field: 'userId', value: 'sam', clear: ['email'], position: 20n };

      await store.applyBatch(name, { removeCompanies: [], erasures: [erasure], upserts: [], removals: [] }, 31n);
      await store.applyBatch(name, { removeCompanies: [], erasures: [erasure], upserts: [], removals: [] }, 31n); // replayed

      expect(await store.get(name, 'c1:sam')).toEqual({ id: 'c1:sam', companyId: 'c1', userId: 'sam', email: null, erased: ['email'], role: 'admin' });
      expect(await store.get(name, 'c2:sam')).toMatchObject({ email: null, role: 'viewer' });
      expect(await store.get(name, 'c3:sam')).toEqual(expect.not.objectContaining({ erased: expect.anything() })); // given after the erasure
      expect(await store.get(name, 'c3:sam')).toMatchObject({ email: 'sam@new.example' });
      expect(await store.get(name, 'c1:kim')).toMatchObject({ email: 'kim@one.example' });
      expect((await store.load(name, ['c1:sam'])).get('c1:sam')?.position).toBe(5n);
    });

    it('given an erasure that clears an indexed field, then lists by that field see it cleared', async () => {
      const name = collection();
      await store.ensureCollection(name, ['userId', 'email']);
      await store.applyBatch(name, { removeCompanies: [], removals: [], upserts: [
        doc('c1:sam', 'c1', { userId: 'sam', email: 'sam@one.example' }, 5n), doc('c1:kim', 'c1', { userId: 'kim', email: 'kim@one.example' }, 6n),
      ] }, 6n);
      await store.applyBatch(name, { removeCompanies: [], erasures: [{ field: 'userId', value: 'sam', clear: ['email'], position: 20n }], upserts: [], removals: [] }, 20n);
      const sort = { field: 'email', descending: false };
      expect(await allPages(name, { filter: { email: 'sam@one.example' }, sort, limit: 10 })).toEqual([]);
      expect(await allPages(name, { filter: { email: null }, sort, limit: 10 })).toEqual(['c1:sam']);
      expect(await allPages(name, { sort, limit: 1 })).toEqual(['c1:sam', 'c1:kim']);
    });

    it('given documents stored before a field was indexed, when it is indexed, then lists by it find them and later ones alike', async () => {
      const name = collection();
      await store.ensureCollection(name, ['name']);
      const before = [doc('a', 'c1', { rank: 2, active: true }), doc('b', 'c1', { rank: 1.5, active: false }), doc('c', 'c1', { rank: 0 })];
      await store.applyBatch(name, { removeCompanies: [], upserts: before, removals: [] }, 1n);
      await store.ensureCollection(name, ['name', 'rank', 'active']);
      const after = [doc('e', 'c1', { rank: 2, active: true }), doc('f', 'c1', { rank: 1.5, active: false }), doc('g', 'c1', { rank: 3 })];
      await store.applyBatch(name, { removeCompanies: [], upserts: after, removals: [] }, 2n);
      const sort = { field: 'rank', descending: false };
      expect(await allPages(name, { filter: { rank: 2 }, sort, limit: 10 })).toEqual(['a', 'e']);
      expect(await allPages(name, { filter: { rank: 1.5 }, sort, limit: 10 })).toEqual(['b', 'f']);
      expect(await allPages(name, { filter: { active: true }, sort, limit: 10 })).toEqual(['a', 'e']);
      expect(await allPages(name, { sort: { field: 'rank', descending: true }, limit: 1 })).toEqual(['g', 'e', 'a', 'f', 'b', 'c']);
    });

    it('given an erasure and an upsert of the same person in one batch, then the upsert, decided after the erasure, stands', async () => {
      const name = collection();
      await store.ensureCollection(name, []);
      await store.applyBatch(name, { removeCompanies: [], removals: [], upserts: [doc('c1:sam', 'c1', { userId: 'sam', email: 'sam@old.example' }, 5n)] }, 5n);

      await store.applyBatch(name, {
        removeCompanies: [], removals: [],
        erasures: [{ field: 'userId', value: 'sam', clear: ['email'], position: 8n }],
        upserts: [doc('c1:sam', 'c1', { userId: 'sam', email: 'sam@again.example' }, 9n)],
      }, 9n);

      expect(await store.get(name, 'c1:sam')).toMatchObject({ email: 'sam@again.example' });
    });

    it('given an audit trail read newest first, when events are appended between pages, then the pages neither repeat nor miss one that was there', async () => {
      const name = collection();
      await store.ensureCollection(name, ['at', ['companyId', 'at'], ['type', 'at']]);
      // Sort keys as the audit projection writes them: instant, then position; several events share an instant.
      const event = (n: number, companyId = n % 2 ? 'c1' : 'c2') =>
        doc(`e${n}`, companyId, { type: n % 3 ? 'MemberJoined' : 'CompanyCreated', at: `2026-01-0${1 + Math.floor(n / 4)}/${String(n).padStart(4, '0')}` }, BigInt(n));
      await store.applyBatch(name, { removeCompanies: [], upserts: Array.from({ length: 12 }, (_, n) => event(n)), removals: [] }, 12n);
      const query: Omit<ListQuery, 'after'> = { filter: { companyId: 'c1' }, sort: { field: 'at', descending: true }, limit: 2, start: { value: '~', id: '' } };
      const seen: string[] = [];
      let after: string | undefined;
      let next = 12;
      do {
        const page = await store.list(name, { ...query, after });
        seen.push(...page.items.map((item) => item.id as string));
        await store.applyBatch(name, { removeCompanies: [], upserts: [event(next), event(next + 1)], removals: [] }, BigInt(next + 2));
        next += 2;
        after = page.nextCursor ?? undefined;
      } while (after);
      expect(seen).toEqual(['e11', 'e9', 'e7', 'e5', 'e3', 'e1']);
    });

    it('given documents of a deleted company that a batch does not name, then they stay (history outlives its company)', async () => {
      const name = collection();
      await store.ensureCollection(name, [['companyId', 'at']]);
      await store.applyBatch(name, { removeCompanies: [], upserts: [doc('e1', 'gone', { at: '1' }), doc('e2', 'other', { at: '2' })], removals: [] }, 1n);
      await store.applyBatch(name, { removeCompanies: ['other'], upserts: [], removals: [] }, 2n);
      expect((await store.list(name, { filter: { companyId: 'gone' }, sort: { field: 'at', descending: false }, limit: 10 })).items.map((d) => d.id)).toEqual(['e1']);
    });

    it('given a collection, when reset, then it is empty and its checkpoint is 0', async () => {
      const name = await seeded();
      await store.reset(name);
      expect(await store.checkpoint(name)).toBe(0n);
      expect((await store.list(name, { sort: { field: 'name', descending: false }, limit: 10 })).items).toEqual([]);
    });

    it('given a collection reset for a rebuild, when a refilled company is removed before the rebuild ends, then only its documents go', async () => {
      const name = await seeded();
      await store.reset(name);
      const refilled = [doc('a', 'c1', { name: 'alpha' }, 20n), doc('b', 'c1', { name: 'bravo' }, 20n), doc('c', 'c2', { name: 'charlie' }, 20n)];
      await store.applyBatch(name, { removeCompanies: [], upserts: refilled, removals: [] }, 20n);
      await store.applyBatch(name, { removeCompanies: ['c1'], upserts: [], removals: [] }, 21n);
      expect(await allPages(name, { sort: { field: 'name', descending: false }, limit: 2 })).toEqual(['c']);
      await store.ensureCollection(name, ['name', 'createdAt', 'environment', 'active']);
      expect(await allPages(name, { sort: { field: 'name', descending: false }, limit: 2 })).toEqual(['c']);
    });

    it('given a cursor that was tampered with, when listing, then it is refused', async () => {
      const name = await seeded();
      await expect(store.list(name, { sort: { field: 'name', descending: false }, limit: 2, after: 'not-a-cursor' }))
        .rejects.toThrow('cursor');
    });

    const made = (parts: unknown[] | string) => Buffer.from(typeof parts === 'string' ? parts : JSON.stringify(parts)).toString('base64url');
    const byName: ListQuery = { filter: { environment: ['production', 'staging'] }, sort: { field: 'name', descending: false, kind: 'string' }, limit: 2 };

    it.each([
      ['the old form, an object for a value', made([{}, 'x'])],
      ['the old form, a number for a name', made([0, 'x'])],
      ['the old form, a boolean', made([true, 'x'])],
      ['an array for a value', made([['a'], 'x'])],
      ['an id that is no string', made(['alpha', 7])],
    ])('given a made-up cursor (%s), when listing, then it is refused as a cursor, not read', async (_label, after) => {
      const name = await seeded();
      await expect(store.list(name, { ...byName, after })).rejects.toBeInstanceOf(InvalidCursor);
    });

    /** A next cursor with its position rewritten and the rest kept (its tag, whatever else it holds): what anyone holding one can make. */
    const edited = (cursor: string, edit: (position: unknown[]) => unknown[] | string) => {
      const [body, ...tag] = cursor.split('.');
      return [made(edit(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')))), ...tag].join('.');
    };

    it('given a next cursor of this list, when its position is edited (another value, another id, a value of another kind), then it is refused', async () => {
      const name = await seeded();
      const { nextCursor } = await store.list(name, byName);
      expect((await store.list(name, { ...byName, after: nextCursor! })).items.length).toBeGreaterThan(0);
      const edits: ((position: unknown[]) => unknown[] | string)[] = [
        ([, id, ...rest]) => ['a', id, ...rest], ([value, , ...rest]) => [value, 'a', ...rest],
        ...[0, true, {}, []].map((kind) => ([, id, ...rest]: unknown[]) => [kind, id, ...rest]),
        // JSON has no Infinity, but 1e999 parses as one.
        ([, ...rest]) => `[1e999,${rest.map((part) => JSON.stringify(part)).join(',')}]`,
      ];
      for (const edit of edits) {
        await expect(store.list(name, { ...byName, after: edited(nextCursor!, edit) })).rejects.toBeInstanceOf(InvalidCursor);
        await expect(store.list(name, { ...byName, sort: { ...byName.sort, kind: 'number' }, after: edited(nextCursor!, edit) }))
          .rejects.toBeInstanceOf(InvalidCursor);
      }
    });

    it('given a next cursor, when its tag is cut, dropped or doubled, then it is refused', async () => {
      const name = await seeded();
      const { nextCursor } = await store.list(name, byName);
      const [body, tag] = nextCursor!.split('.');
      for (const after of [body, `${body}.`, `${body}.${tag.slice(0, -2)}`, `${body}.${tag}.${tag}`, `.${tag}`]) {
        await expect(store.list(name, { ...byName, after })).rejects.toBeInstanceOf(InvalidCursor);
      }
    });

    it.each([
      ['another direction', { sort: { ...byName.sort, descending: true } }],
      ['another sort field', { sort: { field: 'createdAt', descending: false, kind: 'string' as const } }],
      ['another filter value', { filter: { environment: ['production'] } }],
      ['no filter', { filter: {} }],
      ['a search', { contains: { field: 'name', text: 'a' } }],
    ])('given a next cursor of one list, when it is sent with %s, then it is refused', async (_label, change) => {
      const name = await seeded();
      const { nextCursor } = await store.list(name, byName);
      await expect(store.list(name, { ...byName, ...change, after: nextCursor! })).rejects.toBeInstanceOf(InvalidCursor);
      // The same filter values in another order are the same list.
      const reordered = { ...byName, filter: { environment: ['staging', 'production'] }, after: nextCursor! };
      expect((await store.list(name, reordered)).items.length).toBeGreaterThan(0);
    });

    listContract(adapter, () => store);
    fencingContract(adapter, () => store);
  });
}
