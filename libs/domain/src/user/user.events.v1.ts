/**
 * Version 1 of the user stream's events, before reservations had ids: one anonymous place per
 * company. Read as version 2 with the reservation id `v1`, which version-1 company events read
 * the same way (team.events.v1.ts), so an old membership and its place still match.
 */
export const LEGACY_RESERVATION_ID = 'v1';

export interface MembershipReservedV1 { userId: string; companyId: string }
export interface MembershipReleasedV1 { userId: string; companyId: string }

export const membershipReservedV1toV2 = (data: MembershipReservedV1) =>
  ({ ...data, reservationId: LEGACY_RESERVATION_ID, reservedAt: null });

export const membershipReleasedV1toV2 = (data: MembershipReleasedV1) =>
  ({ ...data, reservationId: LEGACY_RESERVATION_ID });
