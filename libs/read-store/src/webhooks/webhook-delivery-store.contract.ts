import { randomUUID } from 'node:crypto';
import { InvalidCursor, StaleEpoch } from '../read-store.port';
import { sequenceOf, type AttemptOutcome, type DeliveryAttempt, type NewDelivery, type WebhookDeliveryStore } from './webhook-delivery-store.port';

/** The one suite every delivery-store adapter passes: the queue per endpoint, attempts, the schedule, cancellation, the checkpoint, the fence. */
export function webhookDeliveryStoreContract(adapter: string, open: () => Promise<{ store: WebhookDeliveryStore; dispose(): Promise<void> }>): void {
  describe(`WebhookDeliveryStore contract: ${adapter}`, () => {
    let store: WebhookDeliveryStore;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await open()));
    afterAll(async () => dispose?.());

    // The fence is one per database: each test takes epochs above every one used before it.
    let lastEpoch = 5000;
    const nextEpoch = () => (lastEpoch += 1);
    const T0 = '2026-11-22T10:00:00.000Z';
    const later = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
    const delivery = (webhookId: string, position: number): NewDelivery => ({
      deliveryId: `${webhookId}.${position}`, webhookId, companyId: 'c1', messageId: `event-${position}`, eventType: 'MemberJoined',
      sequence: sequenceOf(BigInt(position)), body: `{"position":${position}}`, nextAttemptAt: T0, createdAt: T0,
    });
    const endpoint = () => `wh-${randomUUID()}`;
    const head = async (webhookId: string) => (await store.nextPending(webhookId, 1))[0] ?? null;
    /** Records one attempt; answers the endpoint's failing spell. */
    const record = async (deliveryId: string, attempt: DeliveryAttempt, outcome: AttemptOutcome, epoch?: number) => {
      const webhookId = deliveryId.slice(0, deliveryId.lastIndexOf('.'));
      return (await store.recordAttempts([{ deliveryId, webhookId, attempt, outcome }], epoch)).get(webhookId);
    };

    it('given deliveries scheduled out of order and again, when the head is read, then it is the oldest, each scheduled once', async () => {
      const webhookId = endpoint();
      await store.enqueue([delivery(webhookId, 12), delivery(webhookId, 3)]);
      await store.enqueue([delivery(webhookId, 3), delivery(webhookId, 40)]);
      expect((await store.nextPending(webhookId, 2)).map((d) => d.messageId)).toEqual(['event-3', 'event-12']);
      expect((await store.list(webhookId, { limit: 10 })).items.map((d) => d.messageId)).toEqual(['event-40', 'event-12', 'event-3']);
      expect(await store.endpointsWithPending()).toContain(webhookId);
    });

    it('given several endpoints owed many deliveries and one owed none any more, then the owed ones are each named once, the other not', async () => {
      const [busy, quiet, done] = [endpoint(), endpoint(), endpoint()];
      await store.enqueue([...Array.from({ length: 30 }, (_, i) => delivery(busy, i + 1)), delivery(quiet, 1), delivery(done, 1)]);
      await record(`${done}.1`, { at: T0, statusCode: 204, latencyMs: 1, error: null }, { status: 'delivered', nextAttemptAt: T0 });

      const owed = await store.endpointsWithPending();

      expect(owed.filter((id) => [busy, quiet, done].includes(id)).sort()).toEqual([busy, quiet].sort());
      expect(new Set(owed).size).toBe(owed.length);
    });

    it('given a failed attempt, then it is recorded with the next time, and the endpoint is failing since it', async () => {
      const webhookId = endpoint();
      await store.enqueue([delivery(webhookId, 1), delivery(webhookId, 2)]);
      const failed = { at: T0, statusCode: 503, latencyMs: 12, error: null };
      expect(await record(`${webhookId}.1`, failed, { status: 'pending', nextAttemptAt: later(5) })).toBe(T0);
      const again = { at: later(5), statusCode: null, latencyMs: 10_000, error: 'timed out' };
      expect(await record(`${webhookId}.1`, again, { status: 'pending', nextAttemptAt: later(305) })).toBe(T0);
      expect(await head(webhookId)).toMatchObject({ messageId: 'event-1', status: 'pending', nextAttemptAt: later(305), attempts: [failed, again] });
    });

    it('given a head delivered, then the next one is the head, and a success ends the failing spell', async () => {
      const webhookId = endpoint();
      await store.enqueue([delivery(webhookId, 1), delivery(webhookId, 2)]);
      await record(`${webhookId}.1`, { at: T0, statusCode: 500, latencyMs: 1, error: null }, { status: 'pending', nextAttemptAt: later(5) });
      expect(await record(`${webhookId}.1`, { at: later(5), statusCode: 204, latencyMs: 1, error: null },
        { status: 'delivered', nextAttemptAt: later(5) })).toBeNull();
      expect((await head(webhookId))?.messageId).toBe('event-2');
      expect(await record(`${webhookId}.2`, { at: later(9), statusCode: 410, latencyMs: 1, error: null },
        { status: 'failed', nextAttemptAt: later(9) })).toBe(later(9));
      expect(await head(webhookId)).toBeNull();
      expect(await store.endpointsWithPending()).not.toContain(webhookId);
    });

    it('given many deliveries, when listed by status in pages, then each page follows the last and the cursor ends with them', async () => {
      const webhookId = endpoint();
      await store.enqueue([1, 2, 3, 4, 5].map((p) => delivery(webhookId, p)));
      await record(`${webhookId}.1`, { at: T0, statusCode: 400, latencyMs: 1, error: null }, { status: 'failed', nextAttemptAt: T0 });
      const first = await store.list(webhookId, { status: 'pending', limit: 2 });
      const second = await store.list(webhookId, { status: 'pending', limit: 2, cursor: first.nextCursor! });
      expect([...first.items, ...second.items].map((d) => d.messageId)).toEqual(['event-5', 'event-4', 'event-3', 'event-2']);
      expect(second.nextCursor).toBeNull();
      expect((await store.list(webhookId, { status: 'failed', limit: 5 })).items.map((d) => d.deliveryId)).toEqual([`${webhookId}.1`]);
      await expect(store.list(webhookId, { limit: 2, cursor: 'not-a-cursor' })).rejects.toThrow('cursor');
      expect(await store.get(`${webhookId}.3`)).toMatchObject({ body: '{"position":3}', status: 'pending', attempts: [] });
      expect(await store.get('no-such-delivery')).toBeNull();
    });

    it('given a next cursor of one endpoint\'s deliveries, when it is edited, or sent for another endpoint or another status, then it is refused', async () => {
      const [webhookId, other] = [endpoint(), endpoint()];
      await store.enqueue([1, 2, 3].flatMap((p) => [delivery(webhookId, p), delivery(other, p + 10)]));
      const { nextCursor } = await store.list(webhookId, { status: 'pending', limit: 1 });
      expect((await store.list(webhookId, { status: 'pending', limit: 1, cursor: nextCursor! })).items.map((d) => d.messageId)).toEqual(['event-2']);
      // The sequence is the cursor's position: one rewritten to start elsewhere, its tag (or anything else it holds) kept.
      const [body, ...rest] = nextCursor!.split('.');
      const moved = Buffer.from(Buffer.from(body, 'base64url').toString('utf8').replace(sequenceOf(3n), sequenceOf(99n))).toString('base64url');
      for (const [webhook, query] of [
        [webhookId, { status: 'pending' as const, cursor: [moved, ...rest].join('.') }],
        [other, { status: 'pending' as const, cursor: nextCursor! }],
        [webhookId, { cursor: nextCursor! }],
        [webhookId, { status: 'failed' as const, cursor: nextCursor! }],
      ] as const) {
        await expect(store.list(webhook, { limit: 1, ...query })).rejects.toBeInstanceOf(InvalidCursor);
      }
    });

    it('given attempts of several endpoints recorded together, then each delivery and each endpoint\'s failing spell follow them in order, and an attempt on another endpoint\'s delivery is not recorded', async () => {
      const [a, b] = [endpoint(), endpoint()];
      await store.enqueue([delivery(a, 1), delivery(a, 2), delivery(b, 3)]);
      const spells = await store.recordAttempts([
        { deliveryId: `${a}.1`, webhookId: a, attempt: { at: T0, statusCode: 500, latencyMs: 1, error: null }, outcome: { status: 'pending', nextAttemptAt: later(5) } },
        { deliveryId: `${b}.3`, webhookId: b, attempt: { at: later(1), statusCode: 503, latencyMs: 1, error: null }, outcome: { status: 'pending', nextAttemptAt: later(6) } },
        { deliveryId: `${a}.1`, webhookId: a, attempt: { at: later(5), statusCode: 200, latencyMs: 1, error: null }, outcome: { status: 'delivered', nextAttemptAt: later(5) } },
        { deliveryId: `${a}.2`, webhookId: a, attempt: { at: later(7), statusCode: 404, latencyMs: 1, error: null }, outcome: { status: 'pending', nextAttemptAt: later(12) } },
        { deliveryId: 'no-such-delivery', webhookId: a, attempt: { at: later(7), statusCode: 200, latencyMs: 1, error: null }, outcome: { status: 'delivered', nextAttemptAt: later(7) } },
        // Not that endpoint's delivery: not recorded, for either.
        { deliveryId: `${b}.3`, webhookId: a, attempt: { at: later(8), statusCode: 200, latencyMs: 1, error: null }, outcome: { status: 'delivered', nextAttemptAt: later(8) } },
      ]);
      expect(Object.fromEntries(spells)).toEqual({ [a]: later(7), [b]: later(1) });
      expect(await store.get(`${a}.1`)).toMatchObject({ status: 'delivered', attempts: [{ statusCode: 500 }, { statusCode: 200 }] });
      expect(await head(a)).toMatchObject({ messageId: 'event-2', nextAttemptAt: later(12) });
      expect(await head(b)).toMatchObject({ messageId: 'event-3', nextAttemptAt: later(6), attempts: [{ statusCode: 503 }] });
    });

    it('given an endpoint removed or disabled at an event, when its deliveries are cancelled, then those before it are never pending again, and later ones stay', async () => {
      const webhookId = endpoint();
      await store.enqueue([1, 2, 3, 7].map((p) => delivery(webhookId, p)));
      await record(`${webhookId}.1`, { at: T0, statusCode: 204, latencyMs: 1, error: null }, { status: 'delivered', nextAttemptAt: T0 });
      await record(`${webhookId}.2`, { at: T0, statusCode: 503, latencyMs: 1, error: null }, { status: 'pending', nextAttemptAt: later(5) });

      expect(await store.cancelPending(webhookId, sequenceOf(5n))).toBe(2);
      expect(await store.cancelPending(webhookId, sequenceOf(5n))).toBe(0);

      expect((await store.nextPending(webhookId, 10)).map((d) => d.messageId)).toEqual(['event-7']);
      const listed = (await store.list(webhookId, { limit: 10 })).items.map((d) => [d.messageId, d.status, d.attempts.length]);
      expect(listed).toEqual([['event-7', 'pending', 0], ['event-3', 'cancelled', 0], ['event-2', 'cancelled', 1], ['event-1', 'delivered', 1]]);
      expect((await store.list(webhookId, { status: 'cancelled', limit: 10 })).items).toHaveLength(2);
      // An attempt that was under way when it was cancelled is kept for the record; the delivery stays cancelled.
      await record(`${webhookId}.2`, { at: later(5), statusCode: 503, latencyMs: 1, error: null }, { status: 'pending', nextAttemptAt: later(305) });
      expect(await store.get(`${webhookId}.2`)).toMatchObject({ status: 'cancelled', attempts: [{ at: T0 }, { at: later(5) }] });
      expect(await head(webhookId)).toMatchObject({ messageId: 'event-7' });
    });

    it('given a newer lease epoch has written, when an older epoch schedules, records, cancels or moves the checkpoint, then each is refused and the newer holder\'s work stands', async () => {
      const [older, newer] = [nextEpoch(), nextEpoch()];
      const webhookId = endpoint();
      const name = `webhooks-${randomUUID()}`;
      await store.enqueue([delivery(webhookId, 1), delivery(webhookId, 2)], older);
      await store.save(name, 1n, older);
      // The newer holder takes over: it delivers the first message and moves the checkpoint.
      await record(`${webhookId}.1`, { at: later(1), statusCode: 204, latencyMs: 1, error: null }, { status: 'delivered', nextAttemptAt: later(1) }, newer);
      await store.save(name, 2n, newer);

      await expect(record(`${webhookId}.1`, { at: later(2), statusCode: 500, latencyMs: 1, error: null }, { status: 'pending', nextAttemptAt: later(7) }, older))
        .rejects.toBeInstanceOf(StaleEpoch);
      await expect(store.enqueue([delivery(webhookId, 3)], older)).rejects.toBeInstanceOf(StaleEpoch);
      await expect(store.cancelPending(webhookId, sequenceOf(9n), older)).rejects.toBeInstanceOf(StaleEpoch);
      await expect(store.save(name, 3n, older)).rejects.toBeInstanceOf(StaleEpoch);

      expect(await store.get(`${webhookId}.1`)).toMatchObject({ status: 'delivered', attempts: [{ statusCode: 204 }] });
      expect((await store.nextPending(webhookId, 10)).map((d) => d.messageId)).toEqual(['event-2']);
      expect(await store.load(name)).toBe(2n);
      // The newer holder keeps working.
      await record(`${webhookId}.2`, { at: later(3), statusCode: 204, latencyMs: 1, error: null }, { status: 'delivered', nextAttemptAt: later(3) }, newer);
      await store.save(name, 3n, newer);
      expect(await head(webhookId)).toBeNull();
      expect(await store.load(name)).toBe(3n);
    });

    it('given a checkpoint, then it reads back, and an unknown one is 0', async () => {
      const name = `webhooks-${randomUUID()}`;
      expect(await store.load(name)).toBe(0n);
      await store.save(name, 12_345_678_901_234n);
      expect(await store.load(name)).toBe(12_345_678_901_234n);
    });
  });
}
