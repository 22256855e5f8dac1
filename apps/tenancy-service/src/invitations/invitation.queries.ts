import { Inject, Injectable } from '@nestjs/common';
import { invitationStatusAt, notFound } from '@tenancy/domain';
import { CLOCK, type Clock } from '@tenancy/platform';
import { invitationListQuery, invitationsWithin, type InvitationView, type ListedInvitationStatus } from '@tenancy/projections';
import type { Page } from '@tenancy/read-store';
import type { ListInvitationsQuery } from './invitation.dto';
import { ReadModels } from '../infrastructure/read-models';

export type InvitationItem = ReturnType<typeof invitationItem>;

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

  private now(): string {
    return this.clock.now().toISOString();
  }
}

export function invitationItem(view: InvitationView, now: string) {
  const { invitationId, email, role, sentAt, expiresAt, invitedBy, answeredAt } = view;
  return { id: invitationId, email, role, status: invitationStatusAt(view, now), sentAt, expiresAt, invitedBy, answeredAt };
}
