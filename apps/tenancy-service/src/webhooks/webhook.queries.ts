import { Injectable } from '@nestjs/common';
import { webhookNotFound } from '@tenancy/domain';
import { webhookEndpointsQuery, type WebhookEndpointView } from '@tenancy/projections';
import type { Page } from '@tenancy/read-store';
import type { PageQuery } from '../http/page.query';
import { ReadModels } from '../infrastructure/read-models';

export type WebhookEndpointItem = ReturnType<typeof webhookEndpointItem>;

@Injectable()
export class WebhookQueries {
  constructor(private readonly readModels: ReadModels) {}

  async view(companyId: string, webhookId: string): Promise<WebhookEndpointView> {
    const view = await this.readModels.webhookEndpoints.get(webhookId);
    if (!view || view.companyId !== companyId) throw webhookNotFound();
    return view;
  }

  async get(companyId: string, webhookId: string): Promise<WebhookEndpointItem> {
    return webhookEndpointItem(await this.view(companyId, webhookId));
  }

  async list(companyId: string, query: PageQuery): Promise<Page<WebhookEndpointItem>> {
    const page = await this.readModels.webhookEndpoints.list(webhookEndpointsQuery(companyId, { ...query, limit: query.limit ?? 50 }));
    return { items: page.items.map(webhookEndpointItem), nextCursor: page.nextCursor };
  }
}

export function webhookEndpointItem(view: WebhookEndpointView) {
  const { webhookId, url, eventTypes, description, enabled, failingSince, addedAt, changedAt } = view;
  return { id: webhookId, url, eventTypes, description, enabled, failingSince, addedAt, changedAt };
}
