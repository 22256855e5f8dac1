import { emptyWebhooks, evolveWebhooks, isTenantEvent, isWebhookEvent, type TenantEvent, type WebhookEvent, type WebhooksState } from '@tenancy/domain';
import { eventOf, type RecordedEvent } from '@tenancy/event-store';
import type { WebhookTarget } from './webhook-delivery';

/**
 * Where a deleted company's `CompanyDeleted` goes: its endpoints as they were just before it,
 * when its webhook switch was on and it had a tenant secret then. The read models drop a deleted
 * company's endpoints and settings, so this folds the company's stream instead, and only what it
 * needs (endpoints, the switch, whether a secret exists); the secret is sealed with the server key,
 * not a company key, so deletion leaves it able to sign this last message (docs/personal-data.md).
 * Empty when the stream does not end in `CompanyDeleted`.
 */
export function targetsAtDeletion(stream: RecordedEvent[], companyId: string): WebhookTarget[] {
  if (stream[stream.length - 1]?.type !== 'CompanyDeleted') return [];
  let webhooks: WebhooksState = emptyWebhooks();
  let switchedOn = false;
  let hasSecret = false;
  for (const recorded of stream) {
    if (isWebhookEvent(recorded)) webhooks = evolveWebhooks(webhooks, eventOf<WebhookEvent>(recorded));
    else if (isTenantEvent(recorded)) {
      const event = eventOf<TenantEvent>(recorded);
      if (event.type === 'TenantSecretRotated') hasSecret = true;
      else switchedOn = event.data.notificationPreferences.webhook;
    }
  }
  if (!switchedOn || !hasSecret) return [];
  return Object.entries(webhooks).map(([webhookId, { url, eventTypes, enabled }]) => ({ webhookId, companyId, url, eventTypes, enabled }));
}
