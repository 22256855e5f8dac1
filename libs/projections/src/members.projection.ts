import type { CompanyEvent, Role } from '@tenancy/domain';
import type { CompanyDocument, Projection } from './projection';

/** One document per membership: the members list, `/me/companies` and read-access checks read it. */
export interface MemberView extends CompanyDocument {
  userId: string;
  /** Trimmed and lower-cased, as the domain stores it. */
  email: string;
  /** As last recorded on this member; read it through `effectiveRole` (see there why). */
  role: Role;
  status: 'active' | 'deactivated';
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  joinedAt: string;
}

const HANDLED = [
  'MemberJoined', 'UserLinked', 'MemberRemoved', 'UserUnlinked', 'MemberRoleChanged', 'MemberDeactivated',
  'MemberReactivated', 'OwnershipTransferred', 'MemberMfaEnabled', 'MemberMfaDisabled', 'MemberSignedIn',
] as const;
type Handled = Extract<CompanyEvent, { type: (typeof HANDLED)[number] }>;

export const memberDocumentId = (companyId: string, userId: string) => `${companyId}:${userId}`;

export const membersProjection: Projection<MemberView> = {
  name: 'members_v1',
  indexes: ['companyId', 'userId', 'email', 'status', 'joinedAt'],
  canHandle: HANDLED,
  documentId(recorded) {
    const event = recorded as unknown as Handled;
    const userId = event.type === 'OwnershipTransferred' ? event.data.toUserId : event.data.userId;
    return memberDocumentId(event.data.companyId, userId);
  },
  evolve(view, recorded) {
    const event = recorded as unknown as Handled;
    switch (event.type) {
      case 'MemberJoined':
      case 'UserLinked': {
        const { companyId, userId, email, role } = event.data;
        const joinedAt = event.type === 'MemberJoined' ? event.data.joinedAt : event.data.linkedAt;
        return { companyId, userId, email, role, status: 'active', mfaEnabled: false, lastLoginAt: null, joinedAt };
      }
      case 'MemberRemoved':
      case 'UserUnlinked':
        return null;
    }
    if (!view) return null;
    switch (event.type) {
      case 'MemberRoleChanged': return { ...view, role: event.data.toRole };
      case 'MemberDeactivated': return { ...view, status: 'deactivated' };
      case 'MemberReactivated': return { ...view, status: 'active' };
      // Only the new owner's document: one event changes one document (see effectiveRole).
      case 'OwnershipTransferred': return { ...view, role: 'owner' };
      case 'MemberMfaEnabled': return { ...view, mfaEnabled: true };
      case 'MemberMfaDisabled': return { ...view, mfaEnabled: false };
      case 'MemberSignedIn': return { ...view, lastLoginAt: event.data.at };
    }
  },
};

/**
 * A projection changes one document per event, but an ownership transfer changes two members:
 * the new owner's document is updated, the old owner's still says `owner`. The company view
 * knows the one current owner (`ownerUserId`), so readers resolve the role here: anyone else
 * recorded as owner was handed ownership away and is an admin now, as the domain decided.
 */
export function effectiveRole(member: Pick<MemberView, 'userId' | 'role'>, ownerUserId: string | null): Role {
  if (member.userId === ownerUserId) return 'owner';
  return member.role === 'owner' ? 'admin' : member.role;
}
