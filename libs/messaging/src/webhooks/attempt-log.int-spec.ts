import { randomBytes } from 'node:crypto';
import { FencedWebhookDeliveryStore, ListCursors, sequenceOf, SqliteWebhookDeliveryStore, StaleEpoch, WriterFence, type NewDelivery } from '@tenancy/read-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { AttemptLog, type MadeAttempt } from './attempt-log';

describe('The attempt log: attempts written together', () => {
  const T0 = '2026-11-22T10:00:00.000Z';
  const delivery = (webhookId: string, position: number): NewDelivery => ({
    deliveryId: `${webhookId}.${position}`, webhookId, companyId: 'c1', messageId: `event-${position}`, eventType: 'MemberJoined',
    sequence: sequenceOf(BigInt(position)), body: '{}', nextAttemptAt: T0, createdAt: T0,
  });
  const delivered = (webhookId: string, position: number): MadeAttempt => ({
    deliveryId: `${webhookId}.${position}`, webhookId, companyId: 'c1',
    attempt: { at: T0, statusCode: 204, latencyMs: 1, error: null }, outcome: { status: 'delivered', nextAttemptAt: T0 },
  });
  /** A timer the test fires by hand. */
  const deadlines: (() => void)[] = [];
  const timer = (work: () => void) => { deadlines.push(work); return () => deadlines.splice(deadlines.indexOf(work), 1); };

  let db: SqliteDatabase;
  let store: SqliteWebhookDeliveryStore;
  beforeEach(async () => {
    db = openDatabase(':memory:');
    store = new SqliteWebhookDeliveryStore(db, new ListCursors(randomBytes(32)));
    await store.enqueue([1, 2, 3].map((p) => delivery('a', p)));
    deadlines.length = 0;
  });
  afterEach(() => db.close());
  const pending = async () => (await store.nextPending('a', 10)).map((d) => d.messageId);

  it('given attempts fewer than a group, then they wait, and are written together at the deadline or when the queue is read', async () => {
    const written: string[][] = [];
    const log = new AttemptLog(store, { maxWaiting: 3, timer, written: async (failing) => { written.push([...failing.keys()]); } });
    await log.add(delivered('a', 1));
    await log.add(delivered('a', 2));
    expect(await pending()).toEqual(['event-1', 'event-2', 'event-3']);

    deadlines[0]();
    await log.flush();
    expect(await pending()).toEqual(['event-3']);
    expect(written).toEqual([['a']]);

    await log.add(delivered('a', 3));
    await log.flush(); // as before reading the queue
    expect(await pending()).toEqual([]);
  });

  it('given a full group, then adding the last one writes them all before it returns', async () => {
    const log = new AttemptLog(store, { maxWaiting: 2, timer, written: async () => undefined });
    await log.add(delivered('a', 1));
    await log.add(delivered('a', 2));
    expect(await pending()).toEqual(['event-3']);
  });

  it('given a write the store refuses (a newer lease holder), then the attempts are kept, and written by the next write that is let through', async () => {
    const fence = new WriterFence();
    await store.save('someone-else', 1n, 7); // a newer holder (epoch 7) has written
    fence.epoch = 6;
    const refusals: number[] = [];
    fence.onRefused((epoch) => refusals.push(epoch));
    const log = new AttemptLog(new FencedWebhookDeliveryStore(store, fence), { maxWaiting: 10, timer, written: async () => undefined });
    await log.add(delivered('a', 1));

    await expect(log.flush()).rejects.toBeInstanceOf(StaleEpoch);
    expect(refusals).toEqual([6]);
    expect(await pending()).toEqual(['event-1', 'event-2', 'event-3']);

    fence.epoch = 8; // this process holds the lease again, under a newer epoch
    await log.flush();
    expect(await pending()).toEqual(['event-2', 'event-3']);
  });
});
