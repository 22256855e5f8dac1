import { conflict } from '../shared';
import { authorize } from './access';
import type { TransferOwnership } from './team.commands';
import { teamEvent, type TeamEvent } from './team.events';
import { requireMember } from './team.guards';
import { ownerOf, type TeamState } from './team.state';

/**
 * Ownership is handed over, never taken: only the current owner (or staff) gives it to another
 * active member, and the old owner stays on as an admin. A company without an owner (staff
 * create companies without one) gets its first one from staff: an owner invitation for someone
 * new, or this command for someone already a member, who becomes the owner with nobody demoted.
 * Without it, an existing member could only be made owner by removing and inviting them again.
 */
export function decideOwnership(command: TransferOwnership, team: TeamState, companyId: string): TeamEvent[] {
  authorize(team, command.metadata.actor, 'transferOwnership');
  const owner = ownerOf(team);
  const target = requireMember(team, command.data.toUserId);
  if (target.userId === owner?.userId) return [];
  if (target.status !== 'active') throw conflict('member.deactivated', 'The new owner must be an active member');
  return [teamEvent('OwnershipTransferred', { companyId, fromUserId: owner?.userId ?? null, toUserId: target.userId })];
}
