import { assertNever, checkEmail, conflict, entryOf, normaliseEmail, rejectIfAny } from '../shared';
import { authorize, authorizeLeaving } from './access';
import type { ChangeMemberRole, LinkUser, MemberCommand } from './team.commands';
import { teamEvent, type TeamEvent } from './team.events';
import {
  alreadyMember, checkRole, emailTaken, ownerExists, protectOwner, refuseOverPendingInvitation, refuseOwnerLeaving, requireMember,
} from './team.guards';
import { memberWithEmail, ownerOf, type Member, type Role, type TeamState } from './team.state';

export function decideMember(command: MemberCommand, team: TeamState, companyId: string): TeamEvent[] {
  const { actor } = command.metadata;
  switch (command.type) {
    case 'ChangeMemberRole':
      return changeRole(command, team, companyId);
    case 'RemoveMember': {
      // Any member may leave, a deactivated one too (their place under the limit is theirs to free); the owner only after handing over.
      const access = authorizeLeaving(team, actor, command.data.userId);
      const member = requireMember(team, command.data.userId);
      protectOwner(access, member);
      // The detail says what was asked: the owner leaving, or someone (staff) removing them.
      refuseOwnerLeaving(member, member.userId === actor.userId ? 'leave' : 'be removed');
      return [teamEvent('MemberRemoved', membershipEnded(companyId, member))];
    }
    case 'DeactivateMember': {
      const access = authorize(team, actor, 'manageMembers');
      const member = requireMember(team, command.data.userId);
      protectOwner(access, member);
      // A deactivated owner could not hand ownership over: staff locking out a compromised owner transfer it first.
      refuseOwnerLeaving(member, 'be deactivated');
      if (member.status === 'deactivated') return [];
      return [teamEvent('MemberDeactivated', { companyId, userId: member.userId })];
    }
    case 'ReactivateMember': {
      const access = authorize(team, actor, 'manageMembers');
      const member = requireMember(team, command.data.userId);
      // Nothing to do for an owner (never deactivated), but an admin acting on the owner is refused whatever the act.
      protectOwner(access, member);
      if (member.status === 'active') return [];
      return [teamEvent('MemberReactivated', { companyId, userId: member.userId })];
    }
    case 'LinkUser':
      return link(command, team, companyId);
    case 'UnlinkUser': {
      authorize(team, actor, 'linkUsers');
      const member = requireMember(team, command.data.userId);
      refuseOwnerLeaving(member, member.userId === actor.userId ? 'leave' : 'be removed');
      return [teamEvent('UserUnlinked', membershipEnded(companyId, member))];
    }
    default:
      return assertNever(command);
  }
}

/** Roles move between admin, employee and viewer; the owner role moves only by transfer. */
function changeRole(command: ChangeMemberRole, team: TeamState, companyId: string): TeamEvent[] {
  const access = authorize(team, command.metadata.actor, 'manageMembers');
  rejectIfAny('member.invalid', [checkRole('role', command.data.role)]);
  const member = requireMember(team, command.data.userId);
  protectOwner(access, member);
  const toRole = command.data.role as Role;
  if (member.role === toRole) return [];
  if (member.role === 'owner' || toRole === 'owner') {
    throw conflict('member.owner_via_transfer', 'The owner role changes only through an ownership transfer');
  }
  return [teamEvent('MemberRoleChanged', { companyId, userId: member.userId, fromRole: member.role, toRole })];
}

function link(command: LinkUser, team: TeamState, companyId: string): TeamEvent[] {
  const { actor, now } = command.metadata;
  authorize(team, actor, 'linkUsers');
  const { userId } = command.data;
  const email = normaliseEmail(command.data.email);
  rejectIfAny('member.invalid', [
    userId.trim() === '' ? { field: 'userId', message: 'must not be empty' } : null,
    checkEmail('email', email),
    checkRole('role', command.data.role),
  ]);
  const role = command.data.role as Role;
  if (entryOf(team.members, userId)) throw alreadyMember();
  if (memberWithEmail(team, email)) throw emailTaken();
  if (role === 'owner' && ownerOf(team)) throw ownerExists();
  refuseOverPendingInvitation(team, email, role, now);
  const { reservationId } = command.data;
  return [teamEvent('UserLinked', { companyId, userId, email, role, linkedBy: actor.userId, linkedAt: now, reservationId })];
}

/** What a leaving member's event records: whether the active count drops, and the place to give back. */
const membershipEnded = (companyId: string, member: Member) =>
  ({ companyId, userId: member.userId, previousStatus: member.status, reservationId: member.reservationId });
