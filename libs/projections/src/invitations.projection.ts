import type { CompanyEvent, InvitationStatus, Role } from '@tenancy/domain';
import type { CompanyDocument, Projection } from './projection';

/**
 * One document per invitation. It lists a company's invitations and locates the company of an
 * invitation being answered; the company stream decides the answer.
 */
export interface InvitationView extends CompanyDocument {
  invitationId: string;
  /** Trimmed and lower-cased; null once erased. */
  email: string | null;
  role: Role;
  /** As recorded: a `sent` invitation past `expiresAt` reads as expired through `invitationStatusAt`. */
  status: InvitationStatus;
  sentAt: string;
  expiresAt: string;
  /** The user who accepted or declined it, proving the address theirs: erasing them erases it here. */
  answeredBy: string | null;
}

const HANDLED = [
  'InvitationSent', 'InvitationResent', 'InvitationCancelled', 'InvitationAccepted', 'InvitationDeclined',
] as const;
type Handled = Extract<CompanyEvent, { type: (typeof HANDLED)[number] }>;

export const invitationsProjection: Projection<InvitationView, Handled> = {
  // v3: answeredBy, so an erased user's answered invitations lose their address too (v2: the
  // pending list's order is in its index).
  name: 'invitations_v3',
  // Pending invitations per company, newest expiry first (pendingInvitationsQuery); one is found
  // by its id (the key).
  indexes: [['companyId', 'status', 'expiresAt']],
  canHandle: HANDLED,
  documentIds: (event) => [event.data.invitationId],
  personalData: { fields: ['email'], ownedBy: 'answeredBy' },
  evolve(view, event) {
    if (event.type === 'InvitationSent') {
      const { companyId, invitationId, email, role, sentAt, expiresAt } = event.data;
      return { companyId, invitationId, email, role, status: 'sent', sentAt, expiresAt, answeredBy: null };
    }
    if (!view) return null;
    switch (event.type) {
      case 'InvitationResent': return { ...view, status: 'sent', sentAt: event.data.resentAt, expiresAt: event.data.expiresAt };
      case 'InvitationCancelled': return { ...view, status: 'cancelled' };
      case 'InvitationAccepted': return { ...view, status: 'accepted', answeredBy: event.data.userId };
      case 'InvitationDeclined': return { ...view, status: 'declined', answeredBy: event.data.userId };
    }
  },
};
