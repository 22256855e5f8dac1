import { WEBHOOK_EVENT_TYPES, type WebhookEvent } from '@tenancy/domain';
import { occurredAt } from '@tenancy/event-store';
import type { CompanyDocument, Projection } from './projection';

/** One document per webhook endpoint: where a company's events go. Never the signing secret. */
export interface WebhookEndpointView extends CompanyDocument {
  webhookId: string;
  url: string;
  /** null: every event type. */
  eventTypes: string[] | null;
  description: string | null;
  enabled: boolean;
  /** Set when delivery disabled it for failing (cleared when it is enabled again). */
  failingSince: string | null;
  addedAt: string;
  changedAt: string;
}

export const webhookEndpointsProjection: Projection<WebhookEndpointView, WebhookEvent> = {
  name: 'webhook_endpoints_v1',
  // A company's endpoints in the order they were added (webhookEndpointsQuery); one by its id (the key).
  indexes: [['companyId', 'addedAt']],
  canHandle: WEBHOOK_EVENT_TYPES,
  documentIds: (event) => [event.data.webhookId],
  evolve(view, event, recorded) {
    const at = occurredAt(recorded);
    if (event.type === 'WebhookEndpointAdded') {
      const { companyId, webhookId, url, eventTypes, description } = event.data;
      return { companyId, webhookId, url, eventTypes, description, enabled: true, failingSince: null, addedAt: at, changedAt: at };
    }
    if (!view) return null;
    switch (event.type) {
      case 'WebhookEndpointChanged': {
        const revived = event.data.changes.enabled === true ? { failingSince: null } : {};
        return { ...view, ...event.data.changes, ...revived, changedAt: at };
      }
      case 'WebhookEndpointDisabled': return { ...view, enabled: false, failingSince: event.data.failingSince, changedAt: at };
      case 'WebhookEndpointRemoved': return null;
    }
  },
};
