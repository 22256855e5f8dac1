import type { DomainEvent } from '../shared';

/** The user now holds a place in this company (taken before they join it). */
export type MembershipReserved = DomainEvent<'MembershipReserved', { userId: string; companyId: string }>;
/** The place is free again: the join failed, or the user left or was removed. */
export type MembershipReleased = DomainEvent<'MembershipReleased', { userId: string; companyId: string }>;

export type UserEvent = MembershipReserved | MembershipReleased;

export const USER_EVENT_TYPES = ['MembershipReserved', 'MembershipReleased'] as const satisfies readonly UserEvent['type'][];
