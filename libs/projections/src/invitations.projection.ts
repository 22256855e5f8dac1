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
  name: 'invitations_v1',
  // Pending invitations are listed per company; one is found by its id (the key).
  indexes: ['companyId'],
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
