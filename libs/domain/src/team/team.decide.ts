import { assertNever } from '../shared';
import { decideInvitation } from './invitation.decide';
import { decideMember } from './member.decide';
import { decideOwnership } from './ownership.decide';
import { decideSecurity } from './security.decide';
import type { TeamCommand } from './team.commands';
import type { TeamEvent } from './team.events';
import type { TeamState } from './team.state';

/** Routes a team command to its decider; the company decider has already checked the company exists. */
export function decideTeam(command: TeamCommand, team: TeamState, companyId: string): TeamEvent[] {
  switch (command.type) {
    case 'InviteUser':
    case 'ResendInvitation':
    case 'CancelInvitation':
    case 'AcceptInvitation':
    case 'DeclineInvitation':
      return decideInvitation(command, team, companyId);
    case 'ChangeMemberRole':
    case 'RemoveMember':
    case 'DeactivateMember':
    case 'ReactivateMember':
    case 'LinkUser':
    case 'UnlinkUser':
      return decideMember(command, team, companyId);
    case 'RequestPasswordReset':
    case 'EnableMemberMfa':
    case 'DisableMemberMfa':
    case 'RecordSignIn':
      return decideSecurity(command, team, companyId);
    case 'TransferOwnership':
      return decideOwnership(command, team, companyId);
    default:
      return assertNever(command);
  }
}
