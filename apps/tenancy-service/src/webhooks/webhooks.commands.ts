import type { Config } from '@tenancy/platform';
import { CompanyParams, WebhookParams } from '../commands/command-params';
import { companyCommand } from '../commands/command-table';
import { InvalidInput } from '../problems/invalid-input';
import { AddWebhookDto, ChangeWebhookDto } from './webhook.dto';

/**
 * Plain http is for development and tests; production delivers over https only. A URL the
 * deployment refuses is refused as every other bad URL is (`request.invalid` naming `url`).
 */
function requireHttpsInProduction(config: Config, url: string | undefined): void {
  if (config.production && url !== undefined && !url.toLowerCase().startsWith('https:')) {
    throw new InvalidInput([{ field: 'url', message: 'must use https in production' }]);
  }
}

/** Owners and admins (and staff) manage where their company's events are delivered. */
export const webhookCommands = [
  companyCommand('AddWebhookEndpoint', {
    params: CompanyParams, body: AddWebhookDto,
    build: (input, { ids, config }) => {
      requireHttpsInProduction(config, input.url);
      return { data: { ...input, webhookId: ids.next() } };
    },
  }),
  companyCommand('ChangeWebhookEndpoint', {
    params: WebhookParams, body: ChangeWebhookDto,
    build: (input, { config }) => {
      requireHttpsInProduction(config, input.url);
      return { data: input };
    },
  }),
  companyCommand('RemoveWebhookEndpoint', {
    params: WebhookParams, build: ({ companyId, webhookId }) => ({ data: { companyId, webhookId } }),
  }),
  /**
   * Decided by the delivery worker when an endpoint keeps failing; declared so the table is
   * complete. Internal: no HTTP route, and not over Kafka, where anyone allowed to manage webhooks
   * could otherwise stop a healthy endpoint as if it had failed (owners pause one with `enabled: false`).
   */
  companyCommand('DisableWebhookEndpoint', {
    params: WebhookParams, internal: 'the webhook delivery worker, for an endpoint that keeps failing',
    build: ({ companyId, webhookId }, _deps, { now }) => ({ data: { companyId, webhookId, failingSince: now } }),
  }),
] as const;
