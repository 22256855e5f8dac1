import { occurredAt } from '@tenancy/event-store';
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
  /** The user id of whoever sent it first (a resend keeps it). */
  invitedBy: string;
  /** The user id of whoever sent it last, at `sentAt`: the first sender, or whoever resent it since. */
  sentBy: string;
  /** The user who accepted or declined it, proving the address theirs: erasing them erases it here. */
  answeredBy: string | null;
  /** When it was accepted or declined. */
  answeredAt: string | null;
}

const HANDLED = [
  'InvitationSent', 'InvitationResent', 'InvitationCancelled', 'InvitationAccepted', 'InvitationDeclined',
] as const;
type Handled = Extract<CompanyEvent, { type: (typeof HANDLED)[number] }>;

export const invitationsProjection: Projection<InvitationView, Handled> = {
  // v6: who sent it last (sentBy), beside who sent it first. v5: an erased email is listed in `erased` (v4: who sent it and when it was answered, for the
  // invites list of every status; v3: answeredBy, so an erased user's answered invitations lose
  // their address too; v2: the pending list's order is in its index).
  name: 'invitations_v6',
  // A company's invitations of some statuses, newest expiry first (invitationListQuery); an
  // invitee's open ones in every company, soonest expiry first (openInvitationsQuery); one is found
  // by its id (the key). The invitee's index came without a new version: the documents did not
  // change, and ensureCollection builds an index a collection lacks from the rows it holds.
  indexes: [['companyId', 'status', 'expiresAt'], ['email', 'status', 'expiresAt']],
  canHandle: HANDLED,
  documentIds: (event) => [event.data.invitationId],
  personalData: { fields: ['email'], ownedBy: 'answeredBy' },
  evolve(view, event, recorded) {
    if (event.type === 'InvitationSent') {
      const { companyId, invitationId, email, role, invitedBy, sentAt, expiresAt } = event.data;
      return {
        companyId, invitationId, email, role, status: 'sent', sentAt, expiresAt, invitedBy, sentBy: invitedBy, answeredBy: null, answeredAt: null,
      };
    }
    if (!view) return null;
    const answered = { answeredAt: occurredAt(recorded) };
    switch (event.type) {
      case 'InvitationResent':
        return { ...view, status: 'sent', sentAt: event.data.resentAt, sentBy: event.data.resentBy, expiresAt: event.data.expiresAt };
      case 'InvitationCancelled': return { ...view, status: 'cancelled' };
      case 'InvitationAccepted': return { ...view, ...answered, status: 'accepted', answeredBy: event.data.userId };
      case 'InvitationDeclined': return { ...view, ...answered, status: 'declined', answeredBy: event.data.userId };
    }
  },
};
