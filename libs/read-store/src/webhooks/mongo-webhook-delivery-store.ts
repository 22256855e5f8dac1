import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Db } from 'mongodb';
import type { ListCursors } from '../cursor';
import { raiseFence, refusedWhenNewer } from '../mongodb/mongo-fence';
import { notNewerThan } from '../mongodb/mongo-filters';
import { StaleEpoch } from '../read-store.port';
import {
  decodeSequence, encodeSequence, failingSpells,
  type DeliveryPage, type DeliveryStatus, type NewDelivery, type RecordedAttempt, type WebhookDelivery, type WebhookDeliveryStore,
} from './webhook-delivery-store.port';

const DUPLICATE_KEY = 11000;

/** `_epoch`: the lease epoch of the fenced write that wrote it last; an older epoch may not overwrite it. */
type DeliveryDocument = Omit<WebhookDelivery, 'deliveryId'> & { _id: string; _epoch?: number };
type Health = { _id: string; failingSince: string | null; _epoch?: number };

/** A fenced write's filter (what it may overwrite) and stamp; neither for an unfenced one. */
const fencedBy = (epoch?: number) => (epoch === undefined ? {} : { _epoch: notNewerThan(epoch) });
const stampOf = (epoch?: number) => (epoch === undefined ? {} : { _epoch: epoch });

/**
 * Deliveries in MongoDB (and FerretDB): one document per delivery with its attempts, an index on
 * (webhookId, status, sequence) for each endpoint's queue, the endpoints' health and the checkpoint
 * beside them. Only one worker sends (the lease holder), so no update here races another; a fenced
 * write raises the database's fence first (mongo-fence.ts) and overwrites nothing a newer epoch wrote.
 */
export class MongoWebhookDeliveryStore implements WebhookDeliveryStore {
  private readonly deliveries: Collection<DeliveryDocument>;
  private readonly health: Collection<Health>;
  private readonly checkpoints: Collection<{ _id: string; position: string; epoch?: number }>;
  private indexed: Promise<unknown> | undefined;

  /** `cursors` signs the cursors of the deliveries lists and reads only those. */
  constructor(private readonly db: Db, private readonly cursors: ListCursors, prefix = 'webhook') {
    this.deliveries = db.collection(`${prefix}_deliveries`);
    this.health = db.collection(`${prefix}_endpoint_health`);
    this.checkpoints = db.collection(`${prefix}_checkpoints`);
  }

  private ready() {
    this.indexed ??= Promise.all([
      this.deliveries.createIndex({ webhookId: 1, status: 1, sequence: 1 }),
      this.deliveries.createIndex({ webhookId: 1, sequence: -1 }),
    ]).catch((error) => { this.indexed = undefined; throw error; });
    return this.indexed;
  }

  async enqueue(deliveries: NewDelivery[], epoch?: number): Promise<void> {
    if (deliveries.length === 0) return;
    await this.ready();
    if (epoch !== undefined) await raiseFence(this.db, epoch);
    const documents = deliveries.map(({ deliveryId, ...rest }): DeliveryDocument =>
      ({ _id: deliveryId, ...rest, status: 'pending', attempts: [], ...stampOf(epoch) }));
    try {
      await this.deliveries.insertMany(documents, { ordered: false });
    } catch (error) {
      // Already scheduled ones keep what they have; anything else is a real failure.
      const duplicatesOnly = error instanceof MongoBulkWriteError
        && (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).every((e) => e.code === DUPLICATE_KEY);
      if (!duplicatesOnly) throw error;
    }
  }

  async endpointsWithPending(): Promise<string[]> {
    await this.ready();
    return (await this.deliveries.distinct('webhookId', { status: 'pending' })) as string[];
  }

  async nextPending(webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    await this.ready();
    return (await this.deliveries.find({ webhookId, status: 'pending' }, { sort: { sequence: 1 }, limit }).toArray()).map(fromDocument);
  }

  async get(deliveryId: string): Promise<WebhookDelivery | null> {
    const found = await this.deliveries.findOne({ _id: deliveryId });
    return found ? fromDocument(found) : null;
  }

  async recordAttempts(attempts: RecordedAttempt[], epoch?: number): Promise<Map<string, string | null>> {
    if (attempts.length === 0) return new Map();
    if (epoch !== undefined) await raiseFence(this.db, epoch);
    const found = await this.deliveries.find({ _id: { $in: attempts.map((a) => a.deliveryId) } }, { projection: { webhookId: 1, _epoch: 1 } }).toArray();
    const newest = Math.max(0, ...found.map((d) => d._epoch ?? 0));
    if (epoch !== undefined && newest > epoch) throw new StaleEpoch(epoch, newest);
    const endpointOf = new Map(found.map((d) => [d._id, d.webhookId]));
    const made = attempts.filter((a) => endpointOf.get(a.deliveryId) === a.webhookId);
    // In order, so a delivery attempted twice in one batch ends as its last attempt left it; a cancelled one stays cancelled.
    await this.deliveries.bulkWrite(made.flatMap(({ deliveryId, attempt, outcome }): AnyBulkWriteOperation<DeliveryDocument>[] => [
      { updateOne: { filter: { _id: deliveryId, ...fencedBy(epoch) }, update: { $push: { attempts: attempt }, $set: stampOf(epoch) } } },
      { updateOne: { filter: { _id: deliveryId, status: { $ne: 'cancelled' }, ...fencedBy(epoch) }, update: { $set: { status: outcome.status, nextAttemptAt: outcome.nextAttemptAt } } } },
    ]), { ordered: true });
    const webhookIds = [...new Set(made.map((a) => endpointOf.get(a.deliveryId)!))];
    const before = new Map((await this.health.find({ _id: { $in: webhookIds } }).toArray()).map((h) => [h._id, h.failingSince]));
    const spells = failingSpells(made.map(({ deliveryId, attempt }) => ({ webhookId: endpointOf.get(deliveryId)!, attempt })),
      (webhookId) => before.get(webhookId) ?? null);
    for (const [webhookId, failingSince] of spells) {
      const write = () => this.health.updateOne({ _id: webhookId, ...fencedBy(epoch) }, { $set: { failingSince, ...stampOf(epoch) } }, { upsert: true });
      if (epoch === undefined) await write();
      else await refusedWhenNewer(epoch, write, async () => (await this.health.findOne({ _id: webhookId }))?._epoch);
    }
    return spells;
  }

  async cancelPending(webhookId: string, before: string, epoch?: number): Promise<number> {
    await this.ready();
    if (epoch !== undefined) await raiseFence(this.db, epoch);
    const { modifiedCount } = await this.deliveries.updateMany(
      { webhookId, status: 'pending', sequence: { $lt: before }, ...fencedBy(epoch) }, { $set: { status: 'cancelled', ...stampOf(epoch) } });
    return modifiedCount;
  }

  async list(webhookId: string, { status, limit, cursor }: { status?: DeliveryStatus; limit: number; cursor?: string }): Promise<DeliveryPage> {
    await this.ready();
    const filter: Record<string, unknown> = { webhookId };
    if (status) filter.status = status;
    if (cursor !== undefined) filter.sequence = { $lt: decodeSequence(this.cursors, { webhookId, status }, cursor) };
    const found = await this.deliveries.find(filter, { sort: { sequence: -1 }, limit: limit + 1 }).toArray();
    const items = found.slice(0, limit).map(fromDocument);
    return { items, nextCursor: found.length > limit ? encodeSequence(this.cursors, { webhookId, status }, items[items.length - 1].sequence) : null };
  }

  async load(name: string): Promise<bigint> {
    return BigInt((await this.checkpoints.findOne({ _id: name }))?.position ?? 0);
  }

  async save(name: string, position: bigint, epoch?: number): Promise<void> {
    const write = () => this.checkpoints.updateOne(
      { _id: name, ...(epoch === undefined ? {} : { epoch: notNewerThan(epoch) }) }, { $set: { position: position.toString(), ...(epoch === undefined ? {} : { epoch }) } }, { upsert: true });
    if (epoch === undefined) { await write(); return; }
    await raiseFence(this.db, epoch);
    // A checkpoint of a newer epoch fails the filter, and the upsert then collides with it.
    await refusedWhenNewer(epoch, write, async () => (await this.checkpoints.findOne({ _id: name }))?.epoch);
  }
}

function fromDocument({ _id, _epoch, ...rest }: DeliveryDocument): WebhookDelivery {
  return { deliveryId: _id, ...rest };
}
