import { conflict, entryOf, forbidden, notFound, type Erasable, type FieldError } from '../shared';
import type { Granted } from './access';
import { isRole, pendingInvitations, ROLES, type Invitation, type Member, type Role, type TeamState } from './team.state';

/** Checks shared by the team deciders; each throws a domain error with a stable code. */

export const checkRole = (field: string, value: unknown): FieldError | null =>
  isRole(value) ? null : { field, message: `must be one of ${ROLES.join(', ')}` };

export function requireMember(team: TeamState, userId: string): Member {
  const member = entryOf(team.members, userId);
  if (!member) throw notFound('member.not_found', 'No such member in this company');
  return member;
}

export function requireInvitation(team: TeamState, invitationId: string): Invitation {
  const invitation = entryOf(team.invitations, invitationId);
  if (!invitation) throw notFound('invitation.not_found', 'No such invitation in this company');
  return invitation;
}

/** Anyone can sign up at a provider with someone else's address: one the provider says is unverified proves nothing. */
export const emailUnverified = () =>
  forbidden('invitation.email_unverified', 'Your email address is not verified by your identity provider: verify it there, then sign in again');

export const ownerProtected = () =>
  forbidden('team.owner_protected', 'Only the owner or platform staff may do this to the owner');

/** An admin manages everyone except the owner: the owner is changed only by themself or by staff. */
export function protectOwner(access: Granted, target: Member): void {
  if (target.role === 'owner' && access.kind === 'member' && access.userId !== target.userId) {
    throw ownerProtected();
  }
}

/**
 * A company keeps its one active owner, the only member who can hand ownership over: they leave,
 * or are deactivated, only after ownership moved (staff may transfer it for a compromised owner).
 */
export function refuseOwnerLeaving(target: Member, how: 'leave' | 'be removed' | 'be deactivated' = 'leave'): void {
  if (target.role === 'owner') {
    throw conflict('team.owner_required', `The owner cannot ${how}; transfer ownership first`);
  }
}

export const alreadyMember = () => conflict('team.already_member', 'This user is already a member of the company');

/**
 * Linking names a user by id and email: an address another member holds would make that address
 * two members (invitations and their answers match by email), so it is refused on its own account.
 */
export const emailTaken = () =>
  conflict('team.email_taken', 'Another member of the company already has this email address');

export const ownerExists = () =>
  conflict('team.owner_exists', 'The company already has an owner; ownership moves only by transfer');

/**
 * A pending invitation stays one that can be accepted: no second way in for its address (another
 * invitation, or a staff link with that email) and no second way to the owner role while one is
 * pending, since accepting it afterwards could only fail (already a member, owner exists). Cancel
 * the invitation first. `except` is the invitation being resent.
 */
export function refuseOverPendingInvitation(team: TeamState, email: Erasable<string>, role: Role, now: string, except?: string): void {
  const others = pendingInvitations(team, now).filter((i) => i.invitationId !== except);
  if (email !== null && others.some((i) => i.email === email)) {
    throw conflict('invitation.already_pending', 'This email already has a pending invitation; cancel it first');
  }
  if (role === 'owner' && others.some((i) => i.role === 'owner')) {
    throw conflict('invitation.owner_pending', 'An owner invitation is already pending; cancel it first');
  }
}
