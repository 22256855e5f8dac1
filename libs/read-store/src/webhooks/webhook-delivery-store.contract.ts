import { randomUUID } from 'node:crypto';
import { sequenceOf, type NewDelivery, type WebhookDeliveryStore } from './webhook-delivery-store.port';

/** The one suite every delivery-store adapter passes: the queue per endpoint, attempts, the schedule, the checkpoint. */
export function webhookDeliveryStoreContract(adapter: string, open: () => Promise<{ store: WebhookDeliveryStore; dispose(): Promise<void> }>): void {
  describe(`WebhookDeliveryStore contract: ${adapter}`, () => {
    let store: WebhookDeliveryStore;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await open()));
    afterAll(async () => dispose?.());

    const T0 = '2026-11-22T10:00:00.000Z';
    const later = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
    const delivery = (webhookId: string, position: number): NewDelivery => ({
      deliveryId: `${webhookId}.${position}`, webhookId, companyId: 'c1', messageId: `event-${position}`, eventType: 'MemberJoined',
      sequence: sequenceOf(BigInt(position)), body: `{"position":${position}}`, nextAttemptAt: T0, createdAt: T0,
    });
    const endpoint = () => `wh-${randomUUID()}`;

    it('given deliveries scheduled out of order and again, when the head is read, then it is the oldest, each scheduled once', async () => {
      const webhookId = endpoint();
      await store.enqueue([delivery(webhookId, 12), delivery(webhookId, 3)]);
      await store.enqueue([delivery(webhookId, 3), delivery(webhookId, 40)]);
      expect((await store.head(webhookId))?.messageId).toBe('event-3');
      expect((await store.list(webhookId, { limit: 10 })).items.map((d) => d.messageId)).toEqual(['event-40', 'event-12', 'event-3']);
      expect(await store.endpointsWithPending()).toContain(webhookId);
    });

    it('given a failed attempt, then it is recorded with the next time, and the endpoint is failing since it', async () => {
      const webhookId = endpoint();
      await store.enqueue([delivery(webhookId, 1), delivery(webhookId, 2)]);
      const failed = { at: T0, statusCode: 503, latencyMs: 12, error: null };
      expect(await store.recordAttempt(`${webhookId}.1`, failed, { status: 'pending', nextAttemptAt: later(5) })).toBe(T0);
      const again = { at: later(5), statusCode: null, latencyMs: 10_000, error: 'timed out' };
      expect(await store.recordAttempt(`${webhookId}.1`, again, { status: 'pending', nextAttemptAt: later(305) })).toBe(T0);
      const head = await store.head(webhookId);
      expect(head).toMatchObject({ messageId: 'event-1', status: 'pending', nextAttemptAt: later(305), attempts: [failed, again] });
    });

    it('given a head delivered, then the next one is the head, and a success ends the failing spell', async () => {
      const webhookId = endpoint();
      await store.enqueue([delivery(webhookId, 1), delivery(webhookId, 2)]);
      await store.recordAttempt(`${webhookId}.1`, { at: T0, statusCode: 500, latencyMs: 1, error: null }, { status: 'pending', nextAttemptAt: later(5) });
      expect(await store.recordAttempt(`${webhookId}.1`, { at: later(5), statusCode: 204, latencyMs: 1, error: null },
        { status: 'delivered', nextAttemptAt: later(5) })).toBeNull();
      expect((await store.head(webhookId))?.messageId).toBe('event-2');
      expect(await store.recordAttempt(`${webhookId}.2`, { at: later(9), statusCode: 410, latencyMs: 1, error: null },
        { status: 'failed', nextAttemptAt: later(9) })).toBe(later(9));
      expect(await store.head(webhookId)).toBeNull();
      expect(await store.endpointsWithPending()).not.toContain(webhookId);
    });

    it('given many deliveries, when listed by status in pages, then each page follows the last and the cursor ends with them', async () => {
      const webhookId = endpoint();
      await store.enqueue([1, 2, 3, 4, 5].map((p) => delivery(webhookId, p)));
      await store.recordAttempt(`${webhookId}.1`, { at: T0, statusCode: 400, latencyMs: 1, error: null }, { status: 'failed', nextAttemptAt: T0 });
      const first = await store.list(webhookId, { status: 'pending', limit: 2 });
      const second = await store.list(webhookId, { status: 'pending', limit: 2, cursor: first.nextCursor! });
      expect([...first.items, ...second.items].map((d) => d.messageId)).toEqual(['event-5', 'event-4', 'event-3', 'event-2']);
      expect(second.nextCursor).toBeNull();
      expect((await store.list(webhookId, { status: 'failed', limit: 5 })).items.map((d) => d.deliveryId)).toEqual([`${webhookId}.1`]);
      await expect(store.list(webhookId, { limit: 2, cursor: 'not-a-cursor' })).rejects.toThrow('cursor');
      expect(await store.get(`${webhookId}.3`)).toMatchObject({ body: '{"position":3}', status: 'pending', attempts: [] });
      expect(await store.get('no-such-delivery')).toBeNull();
    });

    it('given a checkpoint, then it reads back, and an unknown one is 0', async () => {
      const name = `webhooks-${randomUUID()}`;
      expect(await store.load(name)).toBe(0n);
      await store.save(name, 12_345_678_901_234n);
      expect(await store.load(name)).toBe(12_345_678_901_234n);
    });
  });
}
