import { entryOf } from '../shared';
import type { TeamEvent } from './team.events';
import type { Invitation, Member, TeamState } from './team.state';

export function evolveTeam(team: TeamState, event: TeamEvent): TeamState {
  switch (event.type) {
    case 'InvitationSent': {
      const { invitationId, email, role, sentAt, expiresAt } = event.data;
      return withInvitation(team, { invitationId, email, role, status: 'sent', sentAt, expiresAt });
    }
    case 'InvitationResent':
      return patchInvitation(team, event.data.invitationId, {
        status: 'sent', sentAt: event.data.resentAt, expiresAt: event.data.expiresAt,
      });
    case 'InvitationCancelled':
      return patchInvitation(team, event.data.invitationId, { status: 'cancelled' });
    case 'InvitationAccepted':
      return patchInvitation(team, event.data.invitationId, { status: 'accepted' });
    case 'InvitationDeclined':
      return patchInvitation(team, event.data.invitationId, { status: 'declined' });
    case 'MemberJoined': {
      const { userId, email, role, joinedAt, reservationId } = event.data;
      return withMember(team, newMember({ userId, email, role, joinedAt, reservationId }));
    }
    case 'UserLinked': {
      const { userId, email, role, linkedAt, reservationId } = event.data;
      return withMember(team, newMember({ userId, email, role, joinedAt: linkedAt, reservationId }));
    }
    case 'MemberRemoved':
    case 'UserUnlinked':
      return withoutMember(team, event.data.userId);
    case 'MemberRoleChanged':
      return patchMember(team, event.data.userId, { role: event.data.toRole });
    case 'MemberDeactivated':
      return patchMember(team, event.data.userId, { status: 'deactivated' });
    case 'MemberReactivated':
      return patchMember(team, event.data.userId, { status: 'active' });
    case 'OwnershipTransferred': {
      const demoted = event.data.fromUserId === null ? team : patchMember(team, event.data.fromUserId, { role: 'admin' });
      return patchMember(demoted, event.data.toUserId, { role: 'owner' });
    }
    case 'PasswordResetRequested':
      return team; // a message for the identity system; nothing here changes
    case 'MemberMfaEnabled':
      return patchMember(team, event.data.userId, { mfaEnabled: true });
    case 'MemberMfaDisabled':
      return patchMember(team, event.data.userId, { mfaEnabled: false });
    case 'MemberSignedIn':
      return patchMember(team, event.data.userId, { lastLoginAt: event.data.at });
  }
}

const newMember = (joined: Pick<Member, 'userId' | 'email' | 'role' | 'joinedAt' | 'reservationId'>): Member => ({
  ...joined, status: 'active', mfaEnabled: false, lastLoginAt: null,
});

const withMember = (team: TeamState, member: Member): TeamState => ({
  ...team, members: { ...team.members, [member.userId]: member },
});

const withoutMember = (team: TeamState, userId: string): TeamState => {
  const { [userId]: _removed, ...members } = team.members;
  return { ...team, members };
};

const patchMember = (team: TeamState, userId: string, patch: Partial<Member>): TeamState => {
  const member = entryOf(team.members, userId);
  return member ? withMember(team, { ...member, ...patch }) : team;
};

const withInvitation = (team: TeamState, invitation: Invitation): TeamState => ({
  ...team, invitations: { ...team.invitations, [invitation.invitationId]: invitation },
});

const patchInvitation = (team: TeamState, invitationId: string, patch: Partial<Invitation>): TeamState => {
  const invitation = entryOf(team.invitations, invitationId);
  return invitation ? withInvitation(team, { ...invitation, ...patch }) : team;
};
