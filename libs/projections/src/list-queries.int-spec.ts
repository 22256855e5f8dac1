import { randomBytes, randomUUID } from 'node:crypto';
import { ENVIRONMENTS } from '@tenancy/domain';
import { connectMongoReadStore, ListCursors, SqliteReadStore, type ListQuery, type ReadStore, type StoredDocument } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { auditEventsProjection, auditSortKey } from './audit-events.projection';
import { companiesProjection, COMPANY_SORT_FIELDS } from './companies.projection';
import { invitationsProjection } from './invitations.projection';
import {
  auditEventListQuery, auditTrailForwardQuery, companyEventsQuery, companyListQuery, memberListQuery, membershipsQuery, invitationListQuery, LISTED_INVITATION_STATUSES,
  openInvitationsQuery, webhookEndpointsQuery, type CompanyListParams, type CompanySort,
} from './list-queries';
import { membersProjection } from './members.projection';
import type { Projection } from './projection';
import { webhookEndpointsProjection } from './webhook-endpoints.projection';

/** The instant lists read invitations at: some expire before it, some after. */
const NOW = '2026-03-04T12:00:00.000Z';
/** The one whose invitations in every company are listed. */
const INVITEE = 'nina@x.example';
/** The stores' cursors, so a query here can carry one as the app would have handed it out. */
const CURSORS = new ListCursors(randomBytes(32));

// Explaining every documented query on FerretDB takes seconds, more on a loaded machine.
jest.setTimeout(30_000);

const PROJECTIONS = [companiesProjection, membersProjection, invitationsProjection, auditEventsProjection, webhookEndpointsProjection] as unknown as Projection[];

/** A few documents in each read model, so pages and cursors exist. */
function documents(): Record<string, StoredDocument[]> {
  const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;
  const companies = Array.from({ length: 6 }, (_, i) => {
    const id = randomUUID();
    return { id, companyId: id, position: 1n, doc: {
      companyId: id, name: `Acme ${i}`, nameSearch: `acme ${i}`, environment: ENVIRONMENTS[i % 3], active: i % 2 === 0, userCount: i % 3,
      createdAt: at(i + 1), lastActivityAt: at(i + 2),
    } };
  });
  const companyId = companies[0].id;
  const members = Array.from({ length: 4 }, (_, i) => ({ id: `${companyId}:u${i}`, companyId, position: 1n, doc: {
    companyId, userId: `u${i}`, status: 'active', joinedAt: at(i + 1),
  } }));
  // One invitee's in several companies too, some expired at NOW, some not.
  const invitations = Array.from({ length: 12 }, (_, i) => ({ id: `i${i}`, companyId: companies[i % 3].id, position: 1n, doc: {
    companyId: companies[i % 3].id, invitationId: `i${i}`, email: i % 2 ? INVITEE : 'other@x.example',
    status: ['sent', 'accepted', 'declined', 'sent'][i % 4], expiresAt: at(i + 1),
  } }));
  // Cancelled ones, more than a page of them, in the company whose lists are read.
  const cancelled = Array.from({ length: 3 }, (_, i) => ({ id: `c${i}`, companyId, position: 1n, doc: {
    companyId, invitationId: `c${i}`, email: 'other@x.example', status: 'cancelled', expiresAt: at(i + 2),
  } }));
  // Events of two companies by three actors, of four types; many more than a page, so cursors exist.
  const events = Array.from({ length: 24 }, (_, i) => {
    const eventCompany = companies[i % 2].id;
    const occurredAt = at(1 + (i % 5));
    return { id: `e${i}`, companyId: eventCompany, position: 1n, doc: {
      companyId: eventCompany, eventId: `e${i}`, type: ['CompanyCreated', 'MemberJoined', 'MemberRoleChanged', 'TenantSettingsChanged'][i % 4],
      actor: `u${i % 3}`, occurredAt, position: String(i + 1), revision: i, at: auditSortKey(occurredAt, BigInt(i + 1)),
    } };
  });
  const webhooks = Array.from({ length: 4 }, (_, i) => ({ id: `w${i}`, companyId, position: 1n, doc: {
    companyId, webhookId: `w${i}`, addedAt: at(i + 1),
  } }));
  return {
    [companiesProjection.name]: companies, [membersProjection.name]: members, [invitationsProjection.name]: [...invitations, ...cancelled],
    [auditEventsProjection.name]: events, [webhookEndpointsProjection.name]: webhooks,
  };
}

/** Every list the app offers, as the app builds it: each combination of the company list's filters, sorts and search. */
function documentedQueries(companyId: string): [string, ListQuery][] {
  const queries: [string, ListQuery][] = [];
  const sorts = COMPANY_SORT_FIELDS.flatMap((field): CompanySort[] => [field, `-${field}`]);
  for (const environment of [undefined, ...ENVIRONMENTS]) {
    for (const active of [undefined, true, false]) {
      for (const sort of sorts) {
        for (const q of [undefined, 'ACME', 'ac']) {
          const params: CompanyListParams = { environment, active, sort, q, limit: 2 };
          queries.push([`${companiesProjection.name} ${JSON.stringify(params)}`, companyListQuery(params)]);
        }
      }
    }
  }
  queries.push(
    [`${companiesProjection.name} the clean-up view`, companyListQuery({ active: false, sort: 'lastActivityAt', limit: 50 })],
    [`${membersProjection.name} a company's members`, memberListQuery(companyId, { limit: 2 })],
    [`${membersProjection.name} a user's companies`, membershipsQuery('u1', 100)],
    [`${membersProjection.name} a user's companies, deactivated ones too`, membershipsQuery('u1', 100, ['active', 'deactivated'])],
    [`${invitationsProjection.name} pending invitations`, invitationListQuery(companyId, ['sent'], NOW, { limit: 2 })],
    [`${invitationsProjection.name} expired invitations`, invitationListQuery(companyId, ['expired'], NOW, { limit: 2 })],
    [`${invitationsProjection.name} every status`, invitationListQuery(companyId, LISTED_INVITATION_STATUSES, NOW, { limit: 2 })],
    [`${invitationsProjection.name} declined and accepted`, invitationListQuery(companyId, ['declined', 'accepted'], NOW, { limit: 2 })],
    [`${invitationsProjection.name} cancelled invitations`, invitationListQuery(companyId, ['cancelled'], NOW, { limit: 2 })],
    [`${invitationsProjection.name} an invitee's open ones`, openInvitationsQuery(INVITEE, NOW, { limit: 1 })],
    [`${invitationsProjection.name} an invitee's open ones, a cursor from before now`,
      openInvitationsQuery(INVITEE, NOW, { limit: 1, cursor: CURSORS.encode({ value: '2026-03-01T10:00:00.000Z', id: 'i0' }, openInvitationsQuery(INVITEE, NOW, { limit: 1 })) })],
    [`${auditEventsProjection.name} a company's events, oldest first`, companyEventsQuery(companyId, { limit: 2 })],
    [`${auditEventsProjection.name} the whole trail, oldest first`, auditTrailForwardQuery({ limit: 2 })],
    [`${auditEventsProjection.name} the whole trail from an instant`, auditTrailForwardQuery({ limit: 2, from: '2026-03-02T00:00:00Z' })],
    [`${webhookEndpointsProjection.name} a company's webhook endpoints`, webhookEndpointsQuery(companyId, { limit: 2 })],
  );
  // Each filter alone, the types with each of the others, and a `to`: the shapes the indexes serve.
  const types = ['MemberJoined', 'MemberRoleChanged'];
  for (const filter of [
    {}, { companyId }, { actor: 'u1' }, { types: types.slice(0, 1) }, { types }, { companyId, types }, { actor: 'u1', types },
    { companyId, actor: 'u1' }, { to: '2026-03-03T10:00:00Z' },
  ]) {
    const params = { ...filter, limit: 2 };
    queries.push([`${auditEventsProjection.name} ${JSON.stringify(params)}`, auditEventListQuery(params)]);
  }
  return queries;
}

function plansContract(store: string, open: () => Promise<{ readStore: ReadStore; dispose(): Promise<void> }>) {
  describe(`documented list queries: ${store}`, () => {
    let readStore: ReadStore;
    let dispose: () => Promise<void>;
    let companyId: string;
    beforeAll(async () => {
      ({ readStore, dispose } = await open());
      const docs = documents();
      companyId = docs[companiesProjection.name][0].id;
      for (const projection of PROJECTIONS) {
        await readStore.ensureCollection(projection.name, projection.indexes, { search: projection.search, searchSorts: projection.searchSorts, pageFields: projection.pageFields });
        await readStore.applyBatch(projection.name, { removeCompanies: [], upserts: docs[projection.name], removals: [] }, 1n);
      }
    });
    afterAll(async () => dispose?.());

    const collectionOf = (name: string) => name.split(' ')[0];

    it('given the read models as the projections declare them, when the app lists anything, first page or next, then no page reads a whole collection', async () => {
      const failures: [string, string[]][] = [];
      let unchecked = 0;
      for (const [name, query] of documentedQueries(companyId)) {
        const next = (await readStore.list(collectionOf(name), query)).nextCursor;
        for (const page of next ? [query, { ...query, after: next }] : [query]) {
          const plan = await readStore.explainList!(collectionOf(name), page);
          if (!plan) unchecked++;
          else if (plan.scansWholeCollection) failures.push([name, plan.steps]);
        }
      }
      if (unchecked) process.stdout.write(`[projections] ${store}: ${unchecked} plans unchecked, the server gives none worth reading\n`);
      expect(failures).toEqual([]);
    });

    it('given the projections, then every documented query names its collection', () => {
      expect(new Set(documentedQueries('c').map(([name]) => collectionOf(name)))).toEqual(new Set(PROJECTIONS.map((p) => p.name)));
    });
  });
}

plansContract('SQLite', async () => {
  const db = openDatabase(':memory:');
  return { readStore: new SqliteReadStore(db, CURSORS), dispose: async () => { db.close(); } };
});

const url = process.env.MONGODB_URL;
if (url) {
  plansContract('MongoDB', async () => {
    // Projections see the read store only through its port: no driver here, so the documents are reset, not dropped.
    const readStore = await connectMongoReadStore(url, CURSORS, `plans_${randomUUID().slice(0, 8)}`);
    return {
      readStore,
      dispose: async () => {
        for (const projection of PROJECTIONS) await readStore.reset(projection.name);
        await readStore.close();
      },
    };
  });
}
