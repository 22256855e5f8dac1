import type { CompanyEvent, Role } from '@tenancy/domain';
import type { CompanyDocument, Projection } from './projection';

/** One document per membership: the members list, `/me/companies` and read-access checks read it. */
export interface MemberView extends CompanyDocument {
  userId: string;
  /** Trimmed and lower-cased, as the domain stores it; null once the member is erased. */
  email: string | null;
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

export const membersProjection: Projection<MemberView, Handled> = {
  // v3: an erased email is listed in `erased` (v2: indexes that also hold the list order, so a page
  // of a 10,000-member company is a seek).
  name: 'members_v3',
  // A company's members by join time (memberListQuery); a user's active memberships by join time
  // (GET /v1/me/companies). Every index more slows each write, sign-ins included, and each rebuild.
  indexes: [['companyId', 'joinedAt'], ['userId', 'status', 'joinedAt']],
  canHandle: HANDLED,
  // An erased member stays a member, under their user id, with no email.
  personalData: { fields: ['email'], ownedBy: 'userId' },
  documentIds(event) {
    const { companyId } = event.data;
    return event.type === 'OwnershipTransferred'
      ? [...(event.data.fromUserId === null ? [] : [memberDocumentId(companyId, event.data.fromUserId)]), memberDocumentId(companyId, event.data.toUserId)]
      : [memberDocumentId(companyId, event.data.userId)];
  },
  evolve(view, event) {
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
      // The old owner becomes an admin, as the domain decided.
      case 'OwnershipTransferred': return { ...view, role: view.userId === event.data.toUserId ? 'owner' : 'admin' };
      case 'MemberMfaEnabled': return { ...view, mfaEnabled: true };
      case 'MemberMfaDisabled': return { ...view, mfaEnabled: false };
      case 'MemberSignedIn': return { ...view, lastLoginAt: event.data.at };
    }
  },
};
