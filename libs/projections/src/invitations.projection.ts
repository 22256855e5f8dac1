import type { CompanyEvent, InvitationStatus, Role } from '@tenancy/domain';
import type { CompanyDocument, Projection } from './projection';

/**
 * One document per invitation. It lists a company's invitations and locates the company of an
 * invitation being answered; the company stream decides the answer.
 */
export interface InvitationView extends CompanyDocument {
  invitationId: string;
  /** Trimmed and lower-cased. */
  email: string;
  role: Role;
  /** As recorded: a `sent` invitation past `expiresAt` reads as expired through `invitationStatusAt`. */
  status: InvitationStatus;
  sentAt: string;
  expiresAt: string;
}

const HANDLED = [
  'InvitationSent', 'InvitationResent', 'InvitationCancelled', 'InvitationAccepted', 'InvitationDeclined',
] as const;
type Handled = Extract<CompanyEvent, { type: (typeof HANDLED)[number] }>;

export const invitationsProjection: Projection<InvitationView, Handled> = {
  // v2: the pending list's order is in its index.
  name: 'invitations_v2',
  // Pending invitations per company, newest expiry first (pendingInvitationsQuery); one is found
  // by its id (the key).
  indexes: [['companyId', 'status', 'expiresAt']],
  canHandle: HANDLED,
  documentIds: (event) => [event.data.invitationId],
  evolve(view, event) {
    if (event.type === 'InvitationSent') {
      const { companyId, invitationId, email, role, sentAt, expiresAt } = event.data;
      return { companyId, invitationId, email, role, status: 'sent', sentAt, expiresAt };
    }
    if (!view) return null;
    switch (event.type) {
      case 'InvitationResent': return { ...view, status: 'sent', sentAt: event.data.resentAt, expiresAt: event.data.expiresAt };
      case 'InvitationCancelled': return { ...view, status: 'cancelled' };
      case 'InvitationAccepted': return { ...view, status: 'accepted' };
      case 'InvitationDeclined': return { ...view, status: 'declined' };
    }
  },
};
