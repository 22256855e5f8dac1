import type { WriterFence } from '../fenced-read-store';
import type { DeliveryStatus, NewDelivery, RecordedAttempt, WebhookDeliveryStore } from './webhook-delivery-store.port';

/**
 * The delivery store as the background work sees it: like the read models (FencedReadStore),
 * every write (schedule, attempts, cancellations, the checkpoint) carries the lease's epoch, so a
 * deposed projector's late delivery writes are refused and reported to the fence.
 */
export class FencedWebhookDeliveryStore implements WebhookDeliveryStore {
  constructor(private readonly store: WebhookDeliveryStore, private readonly fence: WriterFence) {}

  enqueue(deliveries: NewDelivery[]) { return this.fence.write((epoch) => this.store.enqueue(deliveries, epoch)); }
  recordAttempts(attempts: RecordedAttempt[]) { return this.fence.write((epoch) => this.store.recordAttempts(attempts, epoch)); }
  cancelPending(webhookId: string, before: string) { return this.fence.write((epoch) => this.store.cancelPending(webhookId, before, epoch)); }
  save(name: string, position: bigint) { return this.fence.write((epoch) => this.store.save(name, position, epoch)); }

  endpointsWithPending() { return this.store.endpointsWithPending(); }
  nextPending(webhookId: string, limit: number) { return this.store.nextPending(webhookId, limit); }
  get(deliveryId: string) { return this.store.get(deliveryId); }
  list(webhookId: string, query: { status?: DeliveryStatus; limit: number; cursor?: string }) { return this.store.list(webhookId, query); }
  load(name: string) { return this.store.load(name); }
}
