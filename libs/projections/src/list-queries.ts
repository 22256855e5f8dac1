import { ENVIRONMENTS } from '@tenancy/domain';
import { searchKey, type ListQuery, type Page, type SortKind } from '@tenancy/read-store';
import { COMPANY_PAGE_FIELDS, COMPANY_SORT_FIELDS, sortedField, UNFILTERED_SORT } from './companies.projection';

/**
 * The documented list queries, beside the indexes that serve them: the app builds its lists here,
 * and list-queries.int-spec.ts reads each one's plan in every store to prove it seeks.
 */

export interface PageParams {
  limit: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

/** What each sort of the company list holds: a cursor of another kind is refused. */
const COMPANY_SORT_KINDS: Record<(typeof COMPANY_SORT_FIELDS)[number], SortKind> = {
  name: 'string', environment: 'string', userCount: 'number', active: 'boolean', createdAt: 'string', lastActivityAt: 'string',
};

export type CompanySort = (typeof COMPANY_SORT_FIELDS)[number] | `-${(typeof COMPANY_SORT_FIELDS)[number]}`;

export interface CompanyListParams extends PageParams {
  environment?: string;
  active?: boolean;
  /** Part of the name, in any case and with or without accents. */
  q?: string;
  /** A field, descending with a leading `-`. */
  sort?: CompanySort;
}

/**
 * Staff's company list. A filter left out asks for every value it can take, so the store reads
 * each value's slice of the `(environment, active, sort)` index and merges them: every combination
 * of filters and sort seeks, and none scans. The default view (nothing filtered or searched, by
 * name either way) reads its own unfiltered index instead. The quarterly clean-up view is
 * `{active: false, sort: 'lastActivityAt'}`.
 */
export function companyListQuery(params: CompanyListParams): ListQuery {
  const sort = params.sort ?? 'name';
  const column = sort.replace(/^-/, '') as (typeof COMPANY_SORT_FIELDS)[number];
  const field = sortedField(column);
  const text = params.q === undefined ? '' : searchKey(params.q);
  const unfiltered = params.environment === undefined && params.active === undefined && !text && field === UNFILTERED_SORT;
  return {
    filter: unfiltered ? {} : { environment: params.environment ?? [...ENVIRONMENTS], active: params.active ?? [true, false] },
    contains: text ? { field: 'nameSearch', text } : undefined,
    sort: { field, descending: sort.startsWith('-'), kind: COMPANY_SORT_KINDS[column] },
    limit: params.limit,
    after: params.cursor,
    fields: COMPANY_PAGE_FIELDS,
  };
}

/** A company's members in the order they joined. */
export function memberListQuery(companyId: string, page: PageParams): ListQuery {
  return { filter: { companyId }, sort: { field: 'joinedAt', descending: false, kind: 'string' }, limit: page.limit, after: page.cursor };
}

/** A membership's status, as the members read model holds it. */
export const MEMBERSHIP_STATUSES = ['active', 'deactivated'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/**
 * The companies a user is a member of with one of `statuses` (active ones by default), in the
 * order they joined: at most 30 in all (MEMBERSHIP_LIMIT), which deactivated memberships count toward.
 */
export function membershipsQuery(userId: string, limit: number, statuses: readonly MembershipStatus[] = ['active']): ListQuery {
  const status = statuses.length === 1 ? statuses[0] : [...new Set(statuses)];
  return { filter: { userId, status }, sort: { field: 'joinedAt', descending: false, kind: 'string' }, limit };
}

/**
 * The statuses the invitation list filters by: every status an invitation has (the read model
 * keeps cancelled ones too). `sent` is pending, `expired` a sent one past its expiry.
 */
export const LISTED_INVITATION_STATUSES = ['sent', 'accepted', 'declined', 'expired', 'cancelled'] as const;
export type ListedInvitationStatus = (typeof LISTED_INVITATION_STATUSES)[number];

/**
 * A company's invitations of the statuses asked for, newest expiry first. Expiry is not recorded:
 * `sent` and `expired` are both recorded `sent`, and the index orders them by expiry, so pending
 * ones come before expired ones. Asking for expired ones alone starts past `now`; asking for
 * pending ones alone, the caller stops at the first expired one (`invitationsWithin`).
 */
export function invitationListQuery(companyId: string, statuses: readonly ListedInvitationStatus[], now: string, page: PageParams): ListQuery {
  const recorded = [...new Set(statuses.map((status) => (status === 'expired' ? 'sent' : status)))];
  const onlyExpired = statuses.every((status) => status === 'expired');
  return {
    filter: { companyId, status: recorded }, sort: { field: 'expiresAt', descending: true, kind: 'string' },
    limit: page.limit, after: page.cursor, start: onlyExpired ? { value: now, id: '' } : undefined,
  };
}

/**
 * A page cut to the statuses asked for, each read at `now`. Pending ones alone end at the first
 * expired one: nothing after it is pending, so there is no next page. With answered statuses too,
 * a page can hold fewer items than its limit; follow `nextCursor` until it is null.
 */
export function invitationsWithin<T extends { status: string }>(page: Page<T>, statuses: readonly ListedInvitationStatus[]): Page<T> {
  const items = page.items.filter((item) => (statuses as readonly string[]).includes(item.status));
  const onlyPending = statuses.every((status) => status === 'sent');
  return { items, nextCursor: onlyPending && items.length < page.items.length ? null : page.nextCursor };
}

/**
 * An invitee's open invitations in every company, soonest expiry first: recorded `sent` and not
 * past their expiry at `now`, as `invitationStatusAt` reads them (expired only once `now` is later
 * than `expiresAt`). `email` is matched as the projection stores it (trimmed, lower-cased); an
 * erased invitation holds null and matches nobody. The index orders them by expiry, so the first
 * page starts at `now` and never reads an expired one: `(now, '')` is before every id that
 * expires at `now` itself. A cursor from before `now` (a page read a while ago) starts at `now`
 * too (the store starts at the later of the two), so a later page never shows one that has expired since.
 */
export function openInvitationsQuery(email: string, now: string, page: PageParams): ListQuery {
  return {
    filter: { email, status: 'sent' }, sort: { field: 'expiresAt', descending: false, kind: 'string' },
    limit: page.limit, after: page.cursor, start: { value: now, id: '' },
  };
}

export interface AuditEventListParams extends PageParams {
  companyId?: string;
  /** The acting user's id. */
  actor?: string;
  /** Any of these event types. */
  types?: readonly string[];
  /** RFC 3339 instants bounding `occurredAt`, both inclusive. */
  from?: string;
  to?: string;
}

/**
 * Staff's audit trail, newest first. The cursor is the last item's `(at, id)`, and events are
 * only ever added, so a page after it neither repeats nor misses one while events are appended.
 * The first page starts just past `to` (or past every instant); `from` is where the caller stops
 * (`withinAuditRange`): the port has no range filter, and the sort order gives it for free.
 */
export function auditEventListQuery(params: AuditEventListParams): ListQuery {
  const filter: NonNullable<ListQuery['filter']> = {};
  if (params.companyId !== undefined) filter.companyId = params.companyId;
  if (params.actor !== undefined) filter.actor = params.actor;
  if (params.types?.length) filter.type = [...params.types];
  // Past the last instant asked for, or past every instant ('~' sorts after digits): the first page seeks too.
  const start = { value: params.to === undefined ? '~' : `${new Date(params.to).toISOString()}/~`, id: '' };
  return { filter, sort: { field: 'at', descending: true, kind: 'string' }, limit: params.limit, after: params.cursor, start };
}

/** A page cut where it passes `from`; nothing older follows it, so there is no next page. */
export function withinAuditRange<T extends { at: string }>(page: Page<T>, from: string | undefined): Page<T> {
  if (from === undefined) return page;
  const first = `${new Date(from).toISOString()}/`;
  const kept = page.items.filter((item) => item.at >= first);
  return kept.length < page.items.length ? { items: kept, nextCursor: null } : page;
}

/** One company's events in stream order, for reading its whole history page by page (export, deleted companies). */
export function companyEventsQuery(companyId: string, page: PageParams): ListQuery {
  return { filter: { companyId }, sort: { field: 'revision', descending: false, kind: 'number' }, limit: page.limit, after: page.cursor };
}

/**
 * Every company's events oldest first, from `from` (RFC 3339, inclusive) on: the export of the
 * whole trail. The caller stops past `to`.
 */
export function auditTrailForwardQuery(params: PageParams & { from?: string }): ListQuery {
  const start = { value: params.from === undefined ? '' : `${new Date(params.from).toISOString()}/`, id: '' };
  return { filter: {}, sort: { field: 'at', descending: false, kind: 'string' }, limit: params.limit, after: params.cursor, start };
}

/** A company's webhook endpoints in the order they were added. */
export function webhookEndpointsQuery(companyId: string, page: PageParams): ListQuery {
  return { filter: { companyId }, sort: { field: 'addedAt', descending: false, kind: 'string' }, limit: page.limit, after: page.cursor };
}
