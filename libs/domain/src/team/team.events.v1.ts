import { LEGACY_RESERVATION_ID } from '../user/user.events.v1';

/**
 * Version 1 of the membership events, before memberships named the reservation that holds their
 * place on the user stream. A v1 membership reads as held under the legacy reservation id, which
 * version-1 user events read the same way (user.events.v1.ts). A v1 leave reads with no
 * reservation (null): the service gave the place back in the same request then, so nothing is owed.
 */
type Role = 'owner' | 'admin' | 'employee' | 'viewer';
type MemberStatus = 'active' | 'deactivated';

export interface MemberJoinedV1 {
  companyId: string; userId: string; email: string; role: Role; joinedAt: string; invitationId: string;
}
export interface UserLinkedV1 {
  companyId: string; userId: string; email: string; role: Role; linkedBy: string; linkedAt: string;
}
export interface MemberLeftV1 { companyId: string; userId: string; previousStatus: MemberStatus }

const withLegacyReservation = <D extends object>(data: D) => ({ ...data, reservationId: LEGACY_RESERVATION_ID });

export const memberJoinedV1toV2 = (data: MemberJoinedV1) => withLegacyReservation(data);
export const userLinkedV1toV2 = (data: UserLinkedV1) => withLegacyReservation(data);
/** MemberRemoved and UserUnlinked. */
export const memberLeftV1toV2 = (data: MemberLeftV1) => ({ ...data, reservationId: null });
