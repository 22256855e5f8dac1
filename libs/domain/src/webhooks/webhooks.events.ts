import type { DomainEvent, SchemasOf } from '../shared';

export type WebhookEndpointAdded = DomainEvent<'WebhookEndpointAdded', {
  companyId: string;
  webhookId: string;
  url: string;
  /** null: every event type. */
  eventTypes: string[] | null;
  description: string | null;
}>;

export type WebhookEndpointChanged = DomainEvent<'WebhookEndpointChanged', {
  companyId: string;
  webhookId: string;
  /** Only the fields that changed, with their new values. */
  changes: Partial<{ url: string; eventTypes: string[] | null; description: string | null; enabled: boolean }>;
}>;

export type WebhookEndpointRemoved = DomainEvent<'WebhookEndpointRemoved', { companyId: string; webhookId: string }>;

/** Delivery stopped after failing without a success since `failingSince`; PATCH `enabled: true` resumes it. */
export type WebhookEndpointDisabled = DomainEvent<'WebhookEndpointDisabled', { companyId: string; webhookId: string; failingSince: string }>;

export type WebhookEvent = WebhookEndpointAdded | WebhookEndpointChanged | WebhookEndpointRemoved | WebhookEndpointDisabled;

export const WEBHOOK_EVENT_SCHEMAS = {
  WebhookEndpointAdded: { current: 1 }, WebhookEndpointChanged: { current: 1 },
  WebhookEndpointRemoved: { current: 1 }, WebhookEndpointDisabled: { current: 1 },
} as const satisfies SchemasOf<WebhookEvent>;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENT_SCHEMAS) as WebhookEvent['type'][];
export const isWebhookEvent = (event: { type: string }): event is WebhookEvent =>
  Object.hasOwn(WEBHOOK_EVENT_SCHEMAS, event.type);
