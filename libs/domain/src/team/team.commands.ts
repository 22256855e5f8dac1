import type { Command } from '../shared';

/**
 * Commands on the members and invitations of one company. The caller is `metadata.actor`;
 * ids (invitationId) come from the application, never from the domain.
 */
type TeamCommandOf<Type extends string, Data> = Command<Type, { companyId: string } & Data>;

// Invitations. `role` and `email` are unknown-typed at the edge; the domain validates them.
export type InviteUser = TeamCommandOf<'InviteUser', { invitationId: string; email: string; role: string }>;
export type ResendInvitation = TeamCommandOf<'ResendInvitation', { invitationId: string }>;
export type CancelInvitation = TeamCommandOf<'CancelInvitation', { invitationId: string }>;
/**
 * Sent by the invitee; their token's email must match the invitation. `reservationId` names the
 * place the application reserved for this join on the user stream (see user.decider.ts).
 */
export type AcceptInvitation = TeamCommandOf<'AcceptInvitation', { invitationId: string; reservationId: string }>;
export type DeclineInvitation = TeamCommandOf<'DeclineInvitation', { invitationId: string }>;

// Membership.
export type ChangeMemberRole = TeamCommandOf<'ChangeMemberRole', { userId: string; role: string }>;
export type RemoveMember = TeamCommandOf<'RemoveMember', { userId: string }>;
export type DeactivateMember = TeamCommandOf<'DeactivateMember', { userId: string }>;
export type ReactivateMember = TeamCommandOf<'ReactivateMember', { userId: string }>;
/** Like an accepted invitation, it holds the place reserved under `reservationId`. */
export type LinkUser = TeamCommandOf<'LinkUser', { userId: string; email: string; role: string; reservationId: string }>;
export type UnlinkUser = TeamCommandOf<'UnlinkUser', { userId: string }>;
export type TransferOwnership = TeamCommandOf<'TransferOwnership', { toUserId: string }>;

// Account security; a member may send these about themselves.
export type RequestPasswordReset = TeamCommandOf<'RequestPasswordReset', { userId: string }>;
export type EnableMemberMfa = TeamCommandOf<'EnableMemberMfa', { userId: string }>;
export type DisableMemberMfa = TeamCommandOf<'DisableMemberMfa', { userId: string }>;
/** The sign-in happened at `metadata.now`. */
export type RecordSignIn = TeamCommandOf<'RecordSignIn', { userId: string }>;

export type InvitationCommand =
  | InviteUser | ResendInvitation | CancelInvitation | AcceptInvitation | DeclineInvitation;
export type MemberCommand =
  | ChangeMemberRole | RemoveMember | DeactivateMember | ReactivateMember | LinkUser | UnlinkUser;
export type SecurityCommand = RequestPasswordReset | EnableMemberMfa | DisableMemberMfa | RecordSignIn;
export type TeamCommand = InvitationCommand | MemberCommand | SecurityCommand | TransferOwnership;

const teamCommandTypes: { [K in TeamCommand['type']]: true } = {
  InviteUser: true, ResendInvitation: true, CancelInvitation: true, AcceptInvitation: true, DeclineInvitation: true,
  ChangeMemberRole: true, RemoveMember: true, DeactivateMember: true, ReactivateMember: true,
  LinkUser: true, UnlinkUser: true, TransferOwnership: true, RequestPasswordReset: true, EnableMemberMfa: true,
  DisableMemberMfa: true, RecordSignIn: true,
};

export const isTeamCommand = (command: { type: string }): command is TeamCommand =>
  Object.hasOwn(teamCommandTypes, command.type);
