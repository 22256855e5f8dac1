import type { DomainEvent, SchemasOf } from '../shared';
import { membershipReleasedV1toV2, membershipReservedV1toV2 } from './user.events.v1';

/**
 * The user now holds a place in this company, under the id of the join that asked for it (taken
 * before they join). `reservedAt` tells a join still under way from one that never finished;
 * null for places taken before reservations were timed.
 */
export type MembershipReserved = DomainEvent<'MembershipReserved', {
  userId: string; companyId: string; reservationId: string; reservedAt: string | null;
}>;
/** That reservation is given back: its join failed, or the membership it made has ended. */
export type MembershipReleased = DomainEvent<'MembershipReleased', { userId: string; companyId: string; reservationId: string }>;

/**
 * Staff erased the user's personal data (GDPR Art. 17): every key of theirs is destroyed, in every
 * company, and read models forget their emails. Their memberships stay, under their user id.
 */
export type UserErased = DomainEvent<'UserErased', { userId: string }>;

/** Events about the user's places (the membership limit). */
export type PlaceEvent = MembershipReserved | MembershipReleased;
export type UserEvent = PlaceEvent | UserErased;

export const USER_EVENT_SCHEMAS = {
  MembershipReserved: { current: 2, upcasts: { 1: membershipReservedV1toV2 } },
  MembershipReleased: { current: 2, upcasts: { 1: membershipReleasedV1toV2 } },
  UserErased: { current: 1 },
} as const satisfies SchemasOf<UserEvent>;

export const USER_EVENT_TYPES = Object.keys(USER_EVENT_SCHEMAS) as UserEvent['type'][];
