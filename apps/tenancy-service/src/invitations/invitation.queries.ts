import { Inject, Injectable } from '@nestjs/common';
import { emailUnverified, invitationStatusAt, notFound, tokenEmail, type Actor } from '@tenancy/domain';
import { CLOCK, type Clock } from '@tenancy/platform';
import {
  invitationListQuery, invitationsWithin, openInvitationsQuery, type InvitationView, type ListedInvitationStatus,
} from '@tenancy/projections';
import type { Page } from '@tenancy/read-store';
import type { PageQuery } from '../http/page.query';
import type { ListInvitationsQuery } from './invitation.dto';
import { ReadModels } from '../infrastructure/read-models';

export type InvitationItem = ReturnType<typeof invitationItem>;
export type OpenInvitationItem = ReturnType<typeof openInvitationItem>;

/** Invitations as managers see them, with the status they have now: past expiry reads as expired. */
@Injectable()
export class InvitationQueries {
  constructor(private readonly readModels: ReadModels, @Inject(CLOCK) private readonly clock: Clock) {}

  /** The invitation wherever it is; answering one needs its company, which the company stream then checks. */
  async locate(invitationId: string): Promise<InvitationView> {
    const view = await this.readModels.invitations.get(invitationId);
    if (!view) throw notFound('invitation.not_found', 'No such invitation');
    return view;
  }

  async get(companyId: string, invitationId: string): Promise<InvitationItem> {
    const view = await this.locate(invitationId);
    if (view.companyId !== companyId) throw notFound('invitation.not_found', 'No such invitation in this company');
    return invitationItem(view, this.now());
  }

  /** The statuses asked for (pending only by default), each read at now; see invitationListQuery for the order. */
  async list(companyId: string, query: ListInvitationsQuery): Promise<Page<InvitationItem>> {
    const now = this.now();
    const statuses: ListedInvitationStatus[] = query.status?.length ? query.status : ['sent'];
    const page = await this.readModels.invitations.list(invitationListQuery(companyId, statuses, now, { ...query, limit: query.limit ?? 50 }));
    return invitationsWithin({ items: page.items.map((view) => invitationItem(view, now)), nextCursor: page.nextCursor }, statuses);
  }

  /**
   * The invitations the caller can answer now, in every company there is (a deleted company's
   * went with it), soonest expiry first (openInvitationsQuery). A token without an email has none
   * (an empty list, as /v1/me/companies answers), nor does one whose email is no address
   * (tokenEmail); an email the provider says is unverified is refused, as answering would be:
   * listing shows who invited that address to what.
   */
  async openTo(actor: Actor, query: PageQuery): Promise<Page<OpenInvitationItem>> {
    const email = tokenEmail(actor) ?? '';
    if (email && actor.emailVerified === false) throw emailUnverified();
    // Read without an email too (no invitation has ''): the store reads the cursor, and a made-up one is refused whoever sends it.
    const page = await this.readModels.invitations.list(openInvitationsQuery(email, this.now(), { ...query, limit: query.limit ?? 50 }));
    const items = await Promise.all(page.items.map(async (view) => {
      const company = await this.readModels.companies.get(view.companyId);
      // An owner invitation to a company that has its owner cannot be accepted (team.owner_exists):
      // linking an owner over one is refused now, but one linked before left it pending.
      if (view.role === 'owner' && company?.ownerUserId) return null;
      return company && openInvitationItem(view, company.name);
    }));
    // With MongoDB a deletion reaches the companies before the invitations; that moment shows neither.
    // A page can so hold fewer items than its limit: nextCursor goes on.
    return { items: items.filter((item) => item !== null), nextCursor: page.nextCursor };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

export function invitationItem(view: InvitationView, now: string) {
  const { invitationId, email, role, sentAt, sentBy, expiresAt, invitedBy, answeredAt, erased } = view;
  return {
    id: invitationId, email, role, status: invitationStatusAt(view, now), sentAt, sentBy, expiresAt, invitedBy, answeredAt, ...(erased ? { erased } : {}),
  };
}

export function openInvitationItem(view: InvitationView, companyName: string) {
  const { invitationId, companyId, role, sentAt, sentBy, expiresAt, invitedBy } = view;
  return { id: invitationId, companyId, companyName, role, sentAt, sentBy, expiresAt, invitedBy };
}
