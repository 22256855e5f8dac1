import { assertNever, canonicalHttpUrl, conflict, entryOf, notFound, rejectIfAny } from '../shared';
import { authorize } from '../team/access';
import type { TeamState } from '../team/team.state';
import { checkEventTypes, checkWebhookDescription, checkWebhookUrl, endpointAddressOf } from './webhook-url';
import type { ChangeWebhookEndpoint, WebhookCommand } from './webhooks.commands';
import type { WebhookEndpointChanged, WebhookEvent } from './webhooks.events';
import { MAX_WEBHOOK_ENDPOINTS, type WebhookEndpoint, type WebhooksState } from './webhooks.state';

const V1 = 1;

export interface WebhooksContext {
  companyId: string;
  team: TeamState;
  webhooks: WebhooksState;
}

export const webhookNotFound = () => notFound('webhook.not_found', 'No such webhook endpoint in this company');

/** Owners and admins (and staff) manage where their company's events are delivered. */
export function decideWebhooks(command: WebhookCommand, context: WebhooksContext): WebhookEvent[] {
  authorize(context.team, command.metadata.actor, 'manageTenant');
  const { companyId, webhooks } = context;
  const { webhookId } = command.data;
  switch (command.type) {
    case 'AddWebhookEndpoint': {
      const { eventTypes = null, description = null } = command.data;
      rejectIfAny('webhook.invalid', [
        checkWebhookUrl('url', command.data.url), checkEventTypes('eventTypes', eventTypes), checkWebhookDescription('description', description),
      ]);
      const url = canonicalHttpUrl(command.data.url);
      const existing = entryOf(webhooks, webhookId);
      // A retried add (same id, same values) already happened.
      if (existing) {
        if (existing.url === url && sameTypes(existing.eventTypes, eventTypes) && existing.description === description) return [];
        throw conflict('webhook.exists', 'A webhook endpoint with this id exists');
      }
      refuseSecondAddress(webhooks, webhookId, url);
      if (Object.keys(webhooks).length >= MAX_WEBHOOK_ENDPOINTS) {
        throw conflict('webhook.limit_reached', `A company has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints`);
      }
      return [{ type: 'WebhookEndpointAdded', data: { companyId, webhookId, url, eventTypes, description }, schemaVersion: V1 }];
    }
    case 'ChangeWebhookEndpoint':
      return change(command, companyId, required(webhooks, webhookId), webhooks);
    case 'RemoveWebhookEndpoint':
      required(webhooks, webhookId);
      return [{ type: 'WebhookEndpointRemoved', data: { companyId, webhookId }, schemaVersion: V1 }];
    case 'DisableWebhookEndpoint': {
      const endpoint = entryOf(webhooks, webhookId);
      // Removed or already switched off in the meantime: nothing left to disable.
      if (!endpoint?.enabled) return [];
      return [{ type: 'WebhookEndpointDisabled', data: { companyId, webhookId, failingSince: command.data.failingSince }, schemaVersion: V1 }];
    }
    default:
      return assertNever(command);
  }
}

function change(command: ChangeWebhookEndpoint, companyId: string, endpoint: WebhookEndpoint, webhooks: WebhooksState): WebhookEvent[] {
  const { webhookId, eventTypes, description, enabled } = command.data;
  rejectIfAny('webhook.invalid', [
    command.data.url === undefined ? null : checkWebhookUrl('url', command.data.url),
    eventTypes === undefined ? null : checkEventTypes('eventTypes', eventTypes),
    description === undefined ? null : checkWebhookDescription('description', description),
    enabled === undefined || typeof enabled === 'boolean' ? null : { field: 'enabled', message: 'must be true or false' },
  ]);
  const url = command.data.url === undefined ? undefined : canonicalHttpUrl(command.data.url);
  const changes: WebhookEndpointChanged['data']['changes'] = {};
  if (url !== undefined && url !== endpoint.url) {
    refuseSecondAddress(webhooks, webhookId, url);
    changes.url = url;
  }
  if (eventTypes !== undefined && !sameTypes(eventTypes, endpoint.eventTypes)) changes.eventTypes = eventTypes;
  if (description !== undefined && description !== endpoint.description) changes.description = description;
  if (enabled !== undefined && enabled !== endpoint.enabled) changes.enabled = enabled;
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'WebhookEndpointChanged', data: { companyId, webhookId, changes }, schemaVersion: V1 }];
}

/** Another endpoint of the company already has this address (endpointAddressOf). */
function refuseSecondAddress(webhooks: WebhooksState, webhookId: string, url: string): void {
  const address = endpointAddressOf(url);
  const other = Object.entries(webhooks).find(([id, endpoint]) => id !== webhookId && endpointAddressOf(endpoint.url) === address);
  if (other) {
    throw conflict('webhook.exists', `Webhook endpoint ${other[0]} of this company already has this URL`, [{ field: 'url', message: 'is already an endpoint of this company' }]);
  }
}

function required(webhooks: WebhooksState, webhookId: string): WebhookEndpoint {
  const endpoint = entryOf(webhooks, webhookId);
  if (!endpoint) throw webhookNotFound();
  return endpoint;
}

function sameTypes(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((t) => b.includes(t));
}
