import { entryOf } from '../shared';
import type { WebhookEvent } from './webhooks.events';
import type { WebhooksState } from './webhooks.state';

export function evolveWebhooks(webhooks: WebhooksState, event: WebhookEvent): WebhooksState {
  const { webhookId } = event.data;
  switch (event.type) {
    case 'WebhookEndpointAdded': {
      const { url, eventTypes, description } = event.data;
      return { ...webhooks, [webhookId]: { url, eventTypes, description, enabled: true } };
    }
    case 'WebhookEndpointChanged': {
      const endpoint = entryOf(webhooks, webhookId);
      return endpoint ? { ...webhooks, [webhookId]: { ...endpoint, ...event.data.changes } } : webhooks;
    }
    case 'WebhookEndpointDisabled': {
      const endpoint = entryOf(webhooks, webhookId);
      return endpoint ? { ...webhooks, [webhookId]: { ...endpoint, enabled: false } } : webhooks;
    }
    case 'WebhookEndpointRemoved': {
      const { [webhookId]: _removed, ...rest } = webhooks;
      return rest;
    }
  }
}
