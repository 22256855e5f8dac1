import { Inject, Injectable } from '@nestjs/common';
import { invitationStatusAt, notFound } from '@tenancy/domain';
import { CLOCK, type Clock } from '@tenancy/platform';
import { pendingInvitationsQuery, type InvitationView } from '@tenancy/projections';
import type { Page } from '@tenancy/read-store';
import type { PageQuery } from '../http/page.query';
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

  /**
   * Pending ones only: recorded as sent and not yet expired. Sorted by expiry, newest first, the
   * expired ones come last, so a page stops at the first expired one and nothing after it is pending.
   */
  async pending(companyId: string, query: PageQuery): Promise<Page<InvitationItem>> {
    const now = this.now();
    const page = await this.readModels.invitations.list(pendingInvitationsQuery(companyId, { ...query, limit: query.limit ?? 50 }));
    const items = page.items.map((view) => invitationItem(view, now));
    const pending = items.filter((item) => item.status === 'sent');
    return { items: pending, nextCursor: pending.length < items.length ? null : page.nextCursor };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

export function invitationItem(view: InvitationView, now: string) {
  const { invitationId, email, role, sentAt, expiresAt } = view;
  return { id: invitationId, email, role, status: invitationStatusAt(view, now), sentAt, expiresAt };
}
