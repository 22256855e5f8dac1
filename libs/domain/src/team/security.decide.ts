import { assertNever, conflict } from '../shared';
import { authorizeSelfOr } from './access';
import type { SecurityCommand } from './team.commands';
import { teamEvent, type TeamEvent } from './team.events';
import { protectOwner, requireMember } from './team.guards';
import type { TeamState } from './team.state';

/**
 * Account security of one member. We hold no passwords or MFA secrets: these decisions become
 * events the identity system acts on. A member may always act on their own account.
 */
export function decideSecurity(command: SecurityCommand, team: TeamState, companyId: string): TeamEvent[] {
  const { actor, now } = command.metadata;
  const { userId } = command.data;
  switch (command.type) {
    case 'RequestPasswordReset': {
      const access = authorizeSelfOr(team, actor, userId, 'manageMembers');
      const member = requireMember(team, userId);
      // A reset mail could lock the owner out or hand their account over: like their MFA, the owner's (or staff's) call.
      protectOwner(access, member);
      return [teamEvent('PasswordResetRequested', { companyId, userId, email: member.email, requestedBy: actor.userId })];
    }
    case 'EnableMemberMfa':
    case 'DisableMemberMfa': {
      const access = authorizeSelfOr(team, actor, userId, 'manageMembers');
      const member = requireMember(team, userId);
      // Turning the owner's second factor off (or on) is the owner's call, not an admin's.
      protectOwner(access, member);
      const enable = command.type === 'EnableMemberMfa';
      if (member.mfaEnabled === enable) return [];
      return [teamEvent(enable ? 'MemberMfaEnabled' : 'MemberMfaDisabled', { companyId, userId })];
    }
    case 'RecordSignIn': {
      authorizeSelfOr(team, actor, userId, 'recordSignIns');
      const member = requireMember(team, userId);
      if (member.status !== 'active') throw conflict('member.deactivated', 'A deactivated member cannot sign in');
      return [teamEvent('MemberSignedIn', { companyId, userId, at: now })];
    }
    default:
      return assertNever(command);
  }
}
