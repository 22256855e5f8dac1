import type { WebhookEvent } from './webhooks.events';
import type { WebhooksState } from './webhooks.state';

export function evolveWebhooks(webhooks: WebhooksState, event: WebhookEvent): WebhooksState {
  const { webhookId } = event.data;
  switch (event.type) {
    case 'WebhookEndpointAdded': {
      const { url, eventTypes, description } = event.data;
      return { ...webhooks, [webhookId]: { url, eventTypes, description, enabled: true } };
    }
    case 'WebhookEndpointChanged':
      return webhooks[webhookId] ? { ...webhooks, [webhookId]: { ...webhooks[webhookId], ...event.data.changes } } : webhooks;
    case 'WebhookEndpointDisabled':
      return webhooks[webhookId] ? { ...webhooks, [webhookId]: { ...webhooks[webhookId], enabled: false } } : webhooks;
    case 'WebhookEndpointRemoved': {
      const { [webhookId]: _removed, ...rest } = webhooks;
      return rest;
    }
  }
}
