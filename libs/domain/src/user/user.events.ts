import type { DomainEvent, EventSchemas } from '../shared';
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

export type UserEvent = MembershipReserved | MembershipReleased;

export const USER_EVENT_SCHEMAS = {
  MembershipReserved: { current: 2, upcasts: { 1: membershipReservedV1toV2 } },
  MembershipReleased: { current: 2, upcasts: { 1: membershipReleasedV1toV2 } },
} as const satisfies EventSchemas & Record<UserEvent['type'], unknown>;

export const USER_EVENT_TYPES = Object.keys(USER_EVENT_SCHEMAS) as UserEvent['type'][];
