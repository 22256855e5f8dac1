import { ENVIRONMENTS } from '@tenancy/domain';
import { searchKey, type ListQuery } from '@tenancy/read-store';
import { COMPANY_SORT_FIELDS } from './companies.projection';

/**
 * The documented list queries, beside the indexes that serve them: the app builds its lists here,
 * and list-queries.int-spec.ts reads each one's plan in every store to prove it seeks.
 */

export interface PageParams {
  limit: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

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
 * of filters and sort seeks, and none scans. The quarterly clean-up view is
 * `{active: false, sort: 'lastActivityAt'}`.
 */
export function companyListQuery(params: CompanyListParams): ListQuery {
  const sort = params.sort ?? 'name';
  const text = params.q === undefined ? '' : searchKey(params.q);
  return {
    filter: { environment: params.environment ?? [...ENVIRONMENTS], active: params.active ?? [true, false] },
    contains: text ? { field: 'nameSearch', text } : undefined,
    sort: { field: sort.replace(/^-/, ''), descending: sort.startsWith('-') },
    limit: params.limit,
    after: params.cursor,
  };
}

/** A company's members in the order they joined. */
export function memberListQuery(companyId: string, page: PageParams): ListQuery {
  return { filter: { companyId }, sort: { field: 'joinedAt', descending: false }, limit: page.limit, after: page.cursor };
}

/** The companies a user is an active member of, in the order they joined (at most 30: MEMBERSHIP_LIMIT). */
export function membershipsQuery(userId: string, limit: number): ListQuery {
  return { filter: { userId, status: 'active' }, sort: { field: 'joinedAt', descending: false }, limit };
}

/**
 * A company's invitations recorded as sent, newest expiry first: the expired ones come last, so
 * the caller stops at the first one past its expiry.
 */
export function pendingInvitationsQuery(companyId: string, page: PageParams): ListQuery {
  return { filter: { companyId, status: 'sent' }, sort: { field: 'expiresAt', descending: true }, limit: page.limit, after: page.cursor };
}

/** A company's webhook endpoints in the order they were added. */
export function webhookEndpointsQuery(companyId: string, page: PageParams): ListQuery {
  return { filter: { companyId }, sort: { field: 'addedAt', descending: false }, limit: page.limit, after: page.cursor };
}
