import { currentVersion, inviteeKey, personKey, type DomainEvent, type Erasable, type SchemasOf } from '../shared';
import { memberJoinedV1toV2, memberLeftV1toV2, userLinkedV1toV2 } from './team.events.v1';
import type { Role } from './team.state';

/** Every team event lives on the company stream, so every one names its company. */
type TeamEventOf<Type extends string, Data> = DomainEvent<Type, { companyId: string } & Data>;

// Invitations. Sent and resent carry the email and expiry so a notification system can mail the link.
// Every email is personal data: null once its key is destroyed (TEAM_EVENT_SCHEMAS says which key).
export type InvitationSent = TeamEventOf<'InvitationSent', {
  invitationId: string; email: Erasable<string>; role: Role; invitedBy: string; sentAt: string; expiresAt: string;
}>;
export type InvitationResent = TeamEventOf<'InvitationResent', {
  invitationId: string; email: Erasable<string>; role: Role; resentBy: string; resentAt: string; expiresAt: string;
}>;
export type InvitationCancelled = TeamEventOf<'InvitationCancelled', { invitationId: string; cancelledBy: string }>;
export type InvitationAccepted = TeamEventOf<'InvitationAccepted', { invitationId: string; userId: string; email: Erasable<string> }>;
export type InvitationDeclined = TeamEventOf<'InvitationDeclined', { invitationId: string; userId: string; email: Erasable<string> }>;

// Membership. Every membership names the reservation that holds its place on the user stream
// (`reservationId`, see user.decider.ts), so the place is given back exactly when it ends.

/** By an accepted invitation, or with no invitation (null) by founding the company. */
export type MemberJoined = TeamEventOf<'MemberJoined', {
  userId: string; email: Erasable<string>; role: Role; joinedAt: string; invitationId: string | null; reservationId: string;
}>;
/** Staff put an existing user into the company without an invitation; creates the membership. */
export type UserLinked = TeamEventOf<'UserLinked', {
  userId: string; email: Erasable<string>; role: Role; linkedBy: string; linkedAt: string; reservationId: string;
}>;
/** `reservationId`: the place owed back; null when it was given back as the leave was recorded (before v2). */
export type UserUnlinked = TeamEventOf<'UserUnlinked', { userId: string; previousStatus: MemberStatus; reservationId: string | null }>;
export type MemberRoleChanged = TeamEventOf<'MemberRoleChanged', { userId: string; fromRole: Role; toRole: Role }>;
/** `previousStatus` tells read models whether the count of active members drops; `reservationId` as for UserUnlinked. */
export type MemberRemoved = TeamEventOf<'MemberRemoved', { userId: string; previousStatus: MemberStatus; reservationId: string | null }>;
export type MemberDeactivated = TeamEventOf<'MemberDeactivated', { userId: string }>;
export type MemberReactivated = TeamEventOf<'MemberReactivated', { userId: string }>;
/** `fromUserId` is null when the company had no owner: staff made a member its first owner, and nobody was demoted. */
export type OwnershipTransferred = TeamEventOf<'OwnershipTransferred', { fromUserId: string | null; toUserId: string }>;

// Account security. We store no passwords: the identity system acts on these events.
export type PasswordResetRequested = TeamEventOf<'PasswordResetRequested', {
  userId: string; email: Erasable<string>; requestedBy: string;
}>;
export type MemberMfaEnabled = TeamEventOf<'MemberMfaEnabled', { userId: string }>;
export type MemberMfaDisabled = TeamEventOf<'MemberMfaDisabled', { userId: string }>;
export type MemberSignedIn = TeamEventOf<'MemberSignedIn', { userId: string; at: string }>;

type MemberStatus = 'active' | 'deactivated';

export type TeamEvent =
  | InvitationSent | InvitationResent | InvitationCancelled | InvitationAccepted | InvitationDeclined
  | MemberJoined | UserLinked | UserUnlinked | MemberRoleChanged | MemberRemoved | MemberDeactivated | MemberReactivated
  | OwnershipTransferred | PasswordResetRequested | MemberMfaEnabled | MemberMfaDisabled | MemberSignedIn;

const V1 = { current: 1 } as const;

/**
 * Every team event type with its current schema version and its personal fields: a new type, or
 * an email field nobody declared, fails to compile. An invitation's address is sealed under the
 * invitation's key, which an answer ties to the user who gave it; a member's under their key in
 * this company (docs/personal-data.md).
 */
export const TEAM_EVENT_SCHEMAS = {
  InvitationSent: { current: 1, personal: { email: inviteeKey } },
  InvitationResent: { current: 1, personal: { email: inviteeKey } },
  InvitationCancelled: V1,
  InvitationAccepted: { current: 1, personal: { email: inviteeKey } },
  InvitationDeclined: { current: 1, personal: { email: inviteeKey } },
  MemberJoined: { current: 2, upcasts: { 1: memberJoinedV1toV2 }, personal: { email: personKey } },
  UserLinked: { current: 2, upcasts: { 1: userLinkedV1toV2 }, personal: { email: personKey } },
  UserUnlinked: { current: 2, upcasts: { 1: memberLeftV1toV2 } },
  MemberRemoved: { current: 2, upcasts: { 1: memberLeftV1toV2 } },
  MemberRoleChanged: V1, MemberDeactivated: V1, MemberReactivated: V1, OwnershipTransferred: V1,
  PasswordResetRequested: { current: 1, personal: { email: personKey } },
  MemberMfaEnabled: V1, MemberMfaDisabled: V1, MemberSignedIn: V1,
} as const satisfies SchemasOf<TeamEvent>;

export const TEAM_EVENT_TYPES = Object.keys(TEAM_EVENT_SCHEMAS) as TeamEvent['type'][];

export const isTeamEvent = (event: { type: string }): event is TeamEvent => Object.hasOwn(TEAM_EVENT_SCHEMAS, event.type);

/** Builds a team event in its current shape. */
export const teamEvent = <T extends TeamEvent['type']>(type: T, data: Extract<TeamEvent, { type: T }>['data']) =>
  ({ type, data, schemaVersion: currentVersion(TEAM_EVENT_SCHEMAS, type) }) as Extract<TeamEvent, { type: T }>;
