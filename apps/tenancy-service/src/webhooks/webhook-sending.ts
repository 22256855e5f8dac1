import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '@tenancy/domain';
import { afterAttempt, testBody, type SendResult, type SignedSender } from '@tenancy/messaging';
import { CLOCK, CONFIG, createSignedSender, IDS, type Clock, type Config, type Ids, type Stores, type TenantSigningKeys } from '@tenancy/platform';
import { succeeded, type WebhookDelivery, type WebhookDeliveryStore } from '@tenancy/read-store';
import type { WebhookEndpointView } from '@tenancy/projections';
import { STORES } from '../infrastructure/storage.module';
import type { DeliveriesQuery } from './webhook.dto';

export type SentNow = SendResult & { messageId: string; delivered: boolean };

/** What the webhook routes send at once (a test message, a retry) and read (the deliveries). */
@Injectable()
export class WebhookSending {
  private readonly sender: SignedSender;
  private readonly keys: TenantSigningKeys;
  private readonly store: WebhookDeliveryStore;

  constructor(
    @Inject(CONFIG) config: Config, @Inject(STORES) stores: Stores, @Inject(CLOCK) private readonly clock: Clock, @Inject(IDS) private readonly ids: Ids,
  ) {
    ({ sender: this.sender, keys: this.keys } = createSignedSender(config, stores, clock));
    this.store = stores.webhookDeliveries;
  }

  /** One `webhook.test` message, signed like every other, sent now and not recorded. */
  async test(endpoint: WebhookEndpointView): Promise<SentNow> {
    const messageId = `test_${this.ids.next()}`;
    // This process sees no rotations go by (the delivery worker may run elsewhere): read the secrets afresh.
    this.keys.forget(endpoint.companyId);
    const result = await this.sender.deliver(endpoint.companyId, endpoint.url, messageId, testBody(endpoint.companyId, messageId, this.clock.now()));
    return present(messageId, result);
  }

  /** Sends a failed delivery again now, with the same webhook-id, and records the attempt. */
  async retry(endpoint: WebhookEndpointView, deliveryId: string): Promise<SentNow> {
    const delivery = await this.delivery(endpoint, deliveryId);
    if (delivery.status !== 'failed') throw conflict('webhook.delivery_not_failed', `This delivery is ${delivery.status}; only failed ones are sent again`);
    this.keys.forget(endpoint.companyId);
    const { at, ...result } = await this.sender.deliver(endpoint.companyId, endpoint.url, delivery.messageId, delivery.body);
    const outcome = succeeded(result.statusCode) ? afterAttempt(true, 0, this.clock.now()) : { status: 'failed' as const, nextAttemptAt: at };
    await this.store.recordAttempts([{ deliveryId: delivery.deliveryId, webhookId: delivery.webhookId, attempt: { at, ...result }, outcome }]);
    return present(delivery.messageId, result);
  }

  async deliveries(endpoint: WebhookEndpointView, query: DeliveriesQuery) {
    // An empty cursor asks for the first page, as on every other list.
    const page = await this.store.list(endpoint.webhookId, { status: query.status, limit: query.limit ?? 50, cursor: query.cursor || undefined });
    return { items: page.items.map(deliveryItem), nextCursor: page.nextCursor };
  }

  private async delivery(endpoint: WebhookEndpointView, deliveryId: string): Promise<WebhookDelivery> {
    const delivery = await this.store.get(deliveryId);
    if (!delivery || delivery.webhookId !== endpoint.webhookId) throw notFound('webhook.delivery_not_found', 'No such delivery for this webhook endpoint');
    return delivery;
  }
}

const present = (messageId: string, { statusCode, latencyMs, error }: SendResult): SentNow =>
  ({ messageId, statusCode, latencyMs, error, delivered: succeeded(statusCode) });

/** `nextAttemptAt` only while pending: the store keeps the last planned time on delivered, failed and cancelled ones, which no attempt follows. */
function deliveryItem({ deliveryId, messageId, eventType, status, nextAttemptAt, createdAt, attempts }: WebhookDelivery) {
  return { id: deliveryId, messageId, eventType, status, nextAttemptAt: status === 'pending' ? nextAttemptAt : null, createdAt, attempts };
}
