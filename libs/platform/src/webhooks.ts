import { Aggregates } from '@tenancy/application';
import { companyDecider, companyStreamName, type CompanyCommand } from '@tenancy/domain';
import {
  sendWebhook, SignedSender, webhookConnections, WebhookDelivery, type FanOutLog as SubscriberLog, type Timer, type WebhookDirectory, type WebhookTarget,
} from '@tenancy/messaging';
import {
  readModel, tenantSettingsProjection, webhookEndpointsProjection, webhookEndpointsQuery, type ProjectionRunner, type WebhookEndpointView,
} from '@tenancy/projections';
import type { ReadStore, WebhookDeliveryStore } from '@tenancy/read-store';
import type { Config } from './config';
import { loadServerKey } from './server-keys';
import type { Stores } from './stores';
import { TenantSecretCipher, TenantSigningKeys } from './tenant-secrets';
import type { Clock, Ids } from './tokens';

const toTarget = ({ webhookId, companyId, url, eventTypes, enabled }: WebhookEndpointView): WebhookTarget =>
  ({ webhookId, companyId, url, eventTypes, enabled });

/** Endpoints and the webhook switch of the tenant settings, from the read models. */
export function readModelDirectory(readStore: ReadStore): WebhookDirectory {
  const endpoints = readModel(readStore, webhookEndpointsProjection);
  const settings = readModel(readStore, tenantSettingsProjection);
  return {
    async targetsOf(companyId) {
      const tenant = await settings.get(companyId);
      // No secret yet: nothing to sign with, so nothing is scheduled (as with the switch off), rather than attempts that can only fail.
      if (!tenant?.settings?.notificationPreferences.webhook || tenant.secretVersion === 0) return [];
      // A company has at most MAX_WEBHOOK_ENDPOINTS (20): one page holds them all.
      return (await endpoints.list(webhookEndpointsQuery(companyId, { limit: 100 }))).items.map(toTarget);
    },
    endpoint: async (webhookId) => {
      const view = await endpoints.get(webhookId);
      return view ? toTarget(view) : null;
    },
  };
}

/** Signs with the tenant secret (opened with the server key) and sends under the configured address rules. */
export function createSignedSender(config: Config, stores: Pick<Stores, 'events'>, clock: Clock): { sender: SignedSender; keys: TenantSigningKeys } {
  const keys = new TenantSigningKeys(stores.events, new TenantSecretCipher(loadServerKey(config)), config.tenantSecretGraceSeconds, clock);
  const sendOptions = { allowedHosts: config.webhookAllowedHosts, connections: webhookConnections(config.webhookAllowedHosts) };
  const sender = new SignedSender(keys, (message) => sendWebhook(message, sendOptions), clock);
  return { sender, keys };
}

export interface WebhookDeliveryParts {
  ids: Ids;
  clock: Clock;
  projections: ProjectionRunner;
  /** The delivery store as the background work writes it: fenced by the lease's epoch (FencedWebhookDeliveryStore). */
  deliveries: WebhookDeliveryStore;
  logger: SubscriberLog;
  /** Tests move time with the clock and poll often; production polls every second. */
  timer?: Timer;
}

/** Webhook delivery for these stores, or null when WEBHOOK_DELIVERY=false. */
export function createWebhookDelivery(config: Config, stores: Stores, { ids, clock, projections, deliveries, logger, timer }: WebhookDeliveryParts): WebhookDelivery | null {
  if (!config.webhookDelivery) return null;
  const { sender, keys } = createSignedSender(config, stores, clock);
  const aggregates = new Aggregates(stores.events, ids);
  return new WebhookDelivery(stores.events, deliveries, readModelDirectory(stores.readModels), {
    sender, clock, timer, logger,
    pollMs: config.webhookPollMs,
    readModelsAt: (position) => projections.waitFor(position, 30_000),
    rotated: (companyId) => keys.forget(companyId),
    async disable(companyId, webhookId, failingSince) {
      // Derived from the failing spell, so deciding it again changes nothing.
      const commandId = `disable-webhook:${webhookId}:${failingSince}`;
      const command: CompanyCommand = {
        type: 'DisableWebhookEndpoint', data: { companyId, webhookId, failingSince },
        metadata: { commandId, correlationId: commandId, causationId: commandId, actor: { userId: 'system:webhooks', staff: true }, now: clock.now().toISOString() },
      };
      await aggregates.handle(companyDecider, companyStreamName(companyId), command);
      logger.warn(`webhooks: endpoint ${webhookId} of company ${companyId} disabled, failing since ${failingSince}`);
    },
  });
}
