import type { DomainEvent } from '../shared';
import type { Role } from './team.state';

/** Every team event lives on the company stream, so every one names its company. */
type TeamEventOf<Type extends string, Data> = DomainEvent<Type, { companyId: string } & Data>;

// Invitations. Sent and resent carry the email and expiry so a notification system can mail the link.
export type InvitationSent = TeamEventOf<'InvitationSent', {
  invitationId: string; email: string; role: Role; invitedBy: string; sentAt: string; expiresAt: string;
}>;
export type InvitationResent = TeamEventOf<'InvitationResent', {
  invitationId: string; email: string; role: Role; resentBy: string; resentAt: string; expiresAt: string;
}>;
export type InvitationCancelled = TeamEventOf<'InvitationCancelled', { invitationId: string; cancelledBy: string }>;
export type InvitationAccepted = TeamEventOf<'InvitationAccepted', { invitationId: string; userId: string; email: string }>;
export type InvitationDeclined = TeamEventOf<'InvitationDeclined', { invitationId: string; userId: string; email: string }>;
/** Recorded by the background sweep; readers already see it as expired from `expiresAt`. */
export type InvitationExpired = TeamEventOf<'InvitationExpired', { invitationId: string }>;

// Membership.
export type MemberJoined = TeamEventOf<'MemberJoined', {
  userId: string; email: string; role: Role; joinedAt: string; invitationId: string;
}>;
/** Staff put an existing user into the company without an invitation; creates the membership. */
export type UserLinked = TeamEventOf<'UserLinked', {
  userId: string; email: string; role: Role; linkedBy: string; linkedAt: string;
}>;
export type UserUnlinked = TeamEventOf<'UserUnlinked', { userId: string; previousStatus: MemberStatus }>;
export type MemberRoleChanged = TeamEventOf<'MemberRoleChanged', { userId: string; fromRole: Role; toRole: Role }>;
/** `previousStatus` tells read models whether the count of active members drops. */
export type MemberRemoved = TeamEventOf<'MemberRemoved', { userId: string; previousStatus: MemberStatus }>;
export type MemberDeactivated = TeamEventOf<'MemberDeactivated', { userId: string }>;
export type MemberReactivated = TeamEventOf<'MemberReactivated', { userId: string }>;
export type OwnershipTransferred = TeamEventOf<'OwnershipTransferred', { fromUserId: string; toUserId: string }>;

// Account security. We store no passwords: the identity system acts on these events.
export type PasswordResetRequested = TeamEventOf<'PasswordResetRequested', {
  userId: string; email: string; requestedBy: string;
}>;
export type MemberMfaEnabled = TeamEventOf<'MemberMfaEnabled', { userId: string }>;
export type MemberMfaDisabled = TeamEventOf<'MemberMfaDisabled', { userId: string }>;
export type MemberSignedIn = TeamEventOf<'MemberSignedIn', { userId: string; at: string }>;

type MemberStatus = 'active' | 'deactivated';

export type TeamEvent =
  | InvitationSent | InvitationResent | InvitationCancelled | InvitationAccepted | InvitationDeclined | InvitationExpired
  | MemberJoined | UserLinked | UserUnlinked | MemberRoleChanged | MemberRemoved | MemberDeactivated | MemberReactivated
  | OwnershipTransferred | PasswordResetRequested | MemberMfaEnabled | MemberMfaDisabled | MemberSignedIn;

// A record keyed by every type, so adding an event without listing it here fails to compile.
const teamEventTypes: { [K in TeamEvent['type']]: true } = {
  InvitationSent: true, InvitationResent: true, InvitationCancelled: true, InvitationAccepted: true,
  InvitationDeclined: true, InvitationExpired: true, MemberJoined: true, UserLinked: true, UserUnlinked: true,
  MemberRoleChanged: true, MemberRemoved: true, MemberDeactivated: true, MemberReactivated: true,
  OwnershipTransferred: true, PasswordResetRequested: true, MemberMfaEnabled: true, MemberMfaDisabled: true,
  MemberSignedIn: true,
};

export const TEAM_EVENT_TYPES = Object.keys(teamEventTypes) as TeamEvent['type'][];

export const isTeamEvent = (event: { type: string }): event is TeamEvent => Object.hasOwn(teamEventTypes, event.type);

/** Builds a team event in its current shape (schema version 1). */
export const teamEvent = <T extends TeamEvent['type']>(type: T, data: Extract<TeamEvent, { type: T }>['data']) =>
  ({ type, data, schemaVersion: 1 }) as Extract<TeamEvent, { type: T }>;
