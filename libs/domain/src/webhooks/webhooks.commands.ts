import type { Command } from '../shared';

/** `eventTypes` null or absent: every event type of the company. */
export type AddWebhookEndpoint = Command<'AddWebhookEndpoint', {
  companyId: string;
  webhookId: string;
  url: string;
  eventTypes?: string[] | null;
  description?: string | null;
}>;

/** Only the fields given change; `enabled: true` revives an endpoint that was disabled for failing. */
export type ChangeWebhookEndpoint = Command<'ChangeWebhookEndpoint', {
  companyId: string;
  webhookId: string;
  url?: string;
  eventTypes?: string[] | null;
  description?: string | null;
  enabled?: boolean;
}>;

export type RemoveWebhookEndpoint = Command<'RemoveWebhookEndpoint', { companyId: string; webhookId: string }>;

/** The delivery worker's decision: no success since `failingSince` for WEBHOOK_DISABLE_AFTER. */
export type DisableWebhookEndpoint = Command<'DisableWebhookEndpoint', { companyId: string; webhookId: string; failingSince: string }>;

export type WebhookCommand = AddWebhookEndpoint | ChangeWebhookEndpoint | RemoveWebhookEndpoint | DisableWebhookEndpoint;

const webhookCommandTypes: { [K in WebhookCommand['type']]: true } = {
  AddWebhookEndpoint: true, ChangeWebhookEndpoint: true, RemoveWebhookEndpoint: true, DisableWebhookEndpoint: true,
};
export const isWebhookCommand = (command: { type: string }): command is WebhookCommand =>
  Object.hasOwn(webhookCommandTypes, command.type);
