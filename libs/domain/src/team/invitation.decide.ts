import {
  assertNever, checkEmail, conflict, entryOf, forbidden, normaliseEmail, rejectIfAny, tokenEmail, type Actor, type Erasable,
} from '../shared';
import { authorize } from './access';
import type { AcceptInvitation, DeclineInvitation, InvitationCommand, InviteUser, ResendInvitation } from './team.commands';
import { teamEvent, type TeamEvent } from './team.events';
import { alreadyMember, checkRole, emailUnverified, ownerExists, refuseOverPendingInvitation, requireInvitation } from './team.guards';
import {
  expiryFrom, invitationStatusAt, memberWithEmail, ownerOf, type Invitation, type InvitationStatus, type Role, type TeamState,
} from './team.state';

export function decideInvitation(command: InvitationCommand, team: TeamState, companyId: string): TeamEvent[] {
  const { actor, now } = command.metadata;
  switch (command.type) {
    case 'InviteUser':
      return invite(command, team, companyId);
    case 'ResendInvitation':
      return resend(command, team, companyId);
    case 'CancelInvitation': {
      const invitation = manageable(team, actor, command.data.invitationId);
      requireUnanswered(invitation, now);
      return [teamEvent('InvitationCancelled', { companyId, invitationId: invitation.invitationId, cancelledBy: actor.userId })];
    }
    case 'AcceptInvitation':
      return accept(command, team, companyId);
    case 'DeclineInvitation': {
      const invitation = forInvitee(command, team);
      const { invitationId, email } = invitation;
      return [teamEvent('InvitationDeclined', { companyId, invitationId, userId: actor.userId, email })];
    }
    default:
      return assertNever(command);
  }
}

function invite(command: InviteUser, team: TeamState, companyId: string): TeamEvent[] {
  const { actor, now } = command.metadata;
  authorize(team, actor, 'manageMembers');
  const { invitationId } = command.data;
  const email = normaliseEmail(command.data.email);
  rejectIfAny('invitation.invalid', [checkEmail('email', email), checkRole('role', command.data.role)]);
  const role = command.data.role as Role;
  if (role === 'owner') authorize(team, actor, 'inviteOwner');
  if (entryOf(team.invitations, invitationId)) throw conflict('invitation.already_exists', 'An invitation with this id already exists');
  ensureInvitable(team, email, role, now);
  return [teamEvent('InvitationSent', {
    companyId, invitationId, email, role, invitedBy: actor.userId, sentAt: now, expiresAt: expiryFrom(now),
  })];
}

/** A resend also revives an expired invitation, with a fresh validity period. */
function resend(command: ResendInvitation, team: TeamState, companyId: string): TeamEvent[] {
  const { actor, now } = command.metadata;
  const invitation = manageable(team, actor, command.data.invitationId);
  requireUnanswered(invitation, now);
  const { invitationId, email, role } = invitation;
  ensureInvitable(team, email, role, now, invitationId);
  return [teamEvent('InvitationResent', {
    companyId, invitationId, email, role, resentBy: actor.userId, resentAt: now, expiresAt: expiryFrom(now),
  })];
}

function accept(command: AcceptInvitation, team: TeamState, companyId: string): TeamEvent[] {
  const { actor, now } = command.metadata;
  const { invitationId, email, role } = forInvitee(command, team);
  if (entryOf(team.members, actor.userId) || memberWithEmail(team, email)) throw alreadyMember();
  if (role === 'owner' && ownerOf(team)) throw ownerExists();
  return [
    teamEvent('InvitationAccepted', { companyId, invitationId, userId: actor.userId, email }),
    teamEvent('MemberJoined', {
      companyId, userId: actor.userId, email, role, joinedAt: now, invitationId, reservationId: command.data.reservationId,
    }),
  ];
}

/** Invitations of the owner role are staff business, like creating them. */
function manageable(team: TeamState, actor: Actor, invitationId: string): Invitation {
  authorize(team, actor, 'manageMembers');
  const invitation = requireInvitation(team, invitationId);
  if (invitation.role === 'owner') authorize(team, actor, 'inviteOwner');
  return invitation;
}

/**
 * Only the invited person answers, proven by the email in their token, which the identity provider
 * must not say is unverified (to decline as well: that too speaks for the invitee). Staff are no exception:
 * accepting makes the caller the member, so staff link users instead.
 */
function forInvitee(command: AcceptInvitation | DeclineInvitation, team: TeamState): Invitation {
  const invitation = requireInvitation(team, command.data.invitationId);
  const { actor } = command.metadata;
  const email = tokenEmail(actor);
  // An erased invitation (null) matches no token: nobody can prove it was theirs any more.
  if (email === null || email !== invitation.email) {
    throw forbidden('invitation.email_mismatch', 'This invitation was sent to another email address');
  }
  // Anyone can sign up at a provider with someone else's address; only a verified one proves it is theirs.
  if (actor.emailVerified === false) throw emailUnverified();
  requirePending(invitation, command.metadata.now);
  return invitation;
}

function requirePending(invitation: Invitation, now: string): void {
  const status = invitationStatusAt(invitation, now);
  if (status !== 'sent') throw notPending(status);
}

/**
 * Pending, or expired without an answer: what a manager may still resend (reviving it) or cancel
 * (so an expired one can be tidied away rather than left to read as expired for good).
 */
function requireUnanswered(invitation: Invitation, now: string): void {
  const status = invitationStatusAt(invitation, now);
  if (status !== 'sent' && status !== 'expired') throw notPending(status);
}

const NOT_PENDING: Record<Exclude<InvitationStatus, 'sent'>, string> = {
  expired: 'invitation.expired',
  cancelled: 'invitation.cancelled',
  accepted: 'invitation.already_accepted',
  declined: 'invitation.already_declined',
};

const notPending = (status: Exclude<InvitationStatus, 'sent'>) =>
  conflict(NOT_PENDING[status], `The invitation is ${status}`);

/** One way in per person: not while they are a member or hold another live invitation; one owner only. */
function ensureInvitable(team: TeamState, email: Erasable<string>, role: Role, now: string, except?: string): void {
  if (memberWithEmail(team, email)) throw alreadyMember();
  if (role === 'owner' && ownerOf(team)) throw ownerExists();
  refuseOverPendingInvitation(team, email, role, now, except);
}
