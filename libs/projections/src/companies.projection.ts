import { occurredAt } from '@tenancy/event-store';
import { TEAM_EVENT_TYPES, TENANT_EVENT_TYPES, WEBHOOK_EVENT_TYPES, type CompanyEvent } from '@tenancy/domain';
import { searchKey } from '@tenancy/read-store';
import { companyDocument, type CompanyDocument, type Projection } from './projection';

/** One document per company: the admin list and the detail view read it. */
export interface CompanyView extends CompanyDocument {
  name: string;
  /** The name folded by `searchKey` (no case, no accents), for the `q` search. */
  nameSearch: string;
  environment: string;
  baseUrl: string | null;
  timezone: string;
  defaultLanguage: string;
  contactEmail: string | null;
  active: boolean;
  /** Recognisable, non-secret start of the current API token. */
  apiTokenPrefix: string;
  /** Active members. */
  userCount: number;
  /** The one current owner, null until one joins; members' roles are resolved against it. */
  ownerUserId: string | null;
  createdAt: string;
  /** Time of the newest event on the company. */
  lastActivityAt: string;
  /** Stream revision of the newest event: the company's ETag. */
  revision: number;
}

const LIFECYCLE = [
  'CompanyCreated', 'CompanyDetailsChanged', 'CompanyActivated', 'CompanyDeactivated',
  'ApiTokenIssued', 'ApiTokenRegenerated',
] as const;
// Team and tenant events too: every event on the stream is activity and moves the revision (the ETag).
const HANDLED = [...LIFECYCLE, ...TEAM_EVENT_TYPES, ...TENANT_EVENT_TYPES, ...WEBHOOK_EVENT_TYPES];

/** What the company list filters by, each to one value or to every value it can take. */
export const COMPANY_FILTER_FIELDS = ['environment', 'active'] as const;
/** What the company list sorts by: any column of staff's table. */
export const COMPANY_SORT_FIELDS = ['name', 'environment', 'userCount', 'active', 'createdAt', 'lastActivityAt'] as const;

/**
 * The field a sort reads. By name is by the folded name (`nameSearch`: no case, no accents), so
 * `alpha`, `Beta`, `école`, `Zulu` read as people read them, where the name's code points put every
 * capital before every small letter and accents after `z`; names that fold the same go by id.
 */
export const sortedField = (sort: (typeof COMPANY_SORT_FIELDS)[number]): string => (sort === 'name' ? 'nameSearch' : sort);

/**
 * The default view (no filter, no search, by name) is what every admin UI opens first, so it has
 * an index of its own: one seek of 51 entries instead of six slices merged (ADR 0006, 2026-12-02).
 */
export const UNFILTERED_SORT = sortedField('name');

/** What a page of the company list shows of each company: that index carries them (`pageFields`). */
export const COMPANY_PAGE_FIELDS = ['companyId', 'name', 'environment', 'userCount', 'active', 'createdAt', 'lastActivityAt'] as const;

export const companiesProjection: Projection<CompanyView> = {
  // v2: the name folded for search, a trigram index on it, and the list indexes below. Indexes
  // added later are created in place (ensureCollection), so new sorts need no rebuild.
  name: 'companies_v2',
  // One index per sort, keyed by both filters first: a list that leaves a filter out reads each
  // of its values' slices and merges them (companyListQuery), so these indexes serve every
  // combination of filters and sort. A sort by a filter field shares the filters' own index: in
  // each slice its value is fixed and ids order the rest (listSlices). Each index costs every
  // write of a company, which is why only the default view has an unfiltered one.
  indexes: [
    [...COMPANY_FILTER_FIELDS],
    ...COMPANY_SORT_FIELDS.filter((sort) => !isFilterField(sort)).map((sort) => [...COMPANY_FILTER_FIELDS, sortedField(sort)]),
    [UNFILTERED_SORT],
  ],
  search: 'nameSearch',
  // A word in thousands of names, by name: the page comes from the matches in name order (a name
  // rarely changes); other sorts walk their order (ADR 0006, 2026-12-02).
  searchSorts: [UNFILTERED_SORT],
  pageFields: COMPANY_PAGE_FIELDS,
  canHandle: HANDLED,
  documentIds: companyDocument,
  // The company's own contact: it goes when the company does.
  personalData: { fields: ['contactEmail'] },
  evolve(view, event, recorded) {
    const touched = (v: CompanyView): CompanyView =>
      ({ ...v, lastActivityAt: occurredAt(recorded), revision: Number(recorded.revision) });
    if (event.type === 'CompanyCreated') {
      const d = event.data;
      return touched({
        companyId: d.companyId, name: d.name, nameSearch: searchKey(d.name), environment: d.environment,
        baseUrl: d.baseUrl, timezone: d.timezone, defaultLanguage: d.defaultLanguage, contactEmail: d.contactEmail,
        active: false, apiTokenPrefix: '', userCount: 0, ownerUserId: null, createdAt: occurredAt(recorded),
        lastActivityAt: occurredAt(recorded), revision: 0,
      });
    }
    if (!view) return null;
    switch (event.type) {
      case 'CompanyDetailsChanged': {
        const { changes } = event.data;
        return touched({ ...view, ...changes, nameSearch: searchKey(changes.name ?? view.name) });
      }
      case 'CompanyActivated': return touched({ ...view, active: true });
      case 'CompanyDeactivated': return touched({ ...view, active: false });
      case 'ApiTokenIssued':
      case 'ApiTokenRegenerated': return touched({ ...view, apiTokenPrefix: event.data.tokenPrefix });
      default: return touched(withTeamChange(view, event));
    }
  },
};

function isFilterField(field: string): boolean {
  return (COMPANY_FILTER_FIELDS as readonly string[]).includes(field);
}

/** The active-member count and the owner, from the team events that change them. */
function withTeamChange(view: CompanyView, event: CompanyEvent): CompanyView {
  switch (event.type) {
    case 'MemberJoined':
    case 'UserLinked':
      return {
        ...view, userCount: view.userCount + 1,
        ownerUserId: event.data.role === 'owner' ? event.data.userId : view.ownerUserId,
      };
    case 'MemberReactivated': return { ...view, userCount: view.userCount + 1 };
    case 'MemberDeactivated': return { ...view, userCount: view.userCount - 1 };
    case 'MemberRemoved':
    case 'UserUnlinked':
      return event.data.previousStatus === 'active' ? { ...view, userCount: view.userCount - 1 } : view;
    case 'OwnershipTransferred': return { ...view, ownerUserId: event.data.toUserId };
    default: return view;
  }
}

