import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import {
  decodeSequence, encodeSequence, succeeded,
  type AttemptOutcome, type DeliveryAttempt, type DeliveryPage, type DeliveryStatus, type NewDelivery, type WebhookDelivery,
  type WebhookDeliveryStore,
} from './webhook-delivery-store.port';

const DUPLICATE_KEY = 11000;

type DeliveryDocument = Omit<WebhookDelivery, 'deliveryId'> & { _id: string };

/**
 * Deliveries in MongoDB (and FerretDB): one document per delivery with its attempts, an index on
 * (webhookId, status, sequence) for each endpoint's queue, the endpoints' health and the checkpoint
 * beside them. Only one worker sends (the lease holder), so no update here races another.
 */
export class MongoWebhookDeliveryStore implements WebhookDeliveryStore {
  private readonly deliveries: Collection<DeliveryDocument>;
  private readonly health: Collection<{ _id: string; failingSince: string | null }>;
  private readonly checkpoints: Collection<{ _id: string; position: string }>;
  private indexed: Promise<unknown> | undefined;

  constructor(db: Db, prefix = 'webhook') {
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

  async enqueue(deliveries: NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.ready();
    const documents = deliveries.map(({ deliveryId, ...rest }): DeliveryDocument => ({ _id: deliveryId, ...rest, status: 'pending', attempts: [] }));
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

  async head(webhookId: string): Promise<WebhookDelivery | null> {
    await this.ready();
    const found = await this.deliveries.findOne({ webhookId, status: 'pending' }, { sort: { sequence: 1 } });
    return found ? fromDocument(found) : null;
  }

  async get(deliveryId: string): Promise<WebhookDelivery | null> {
    const found = await this.deliveries.findOne({ _id: deliveryId });
    return found ? fromDocument(found) : null;
  }

  async recordAttempt(deliveryId: string, attempt: DeliveryAttempt, outcome: AttemptOutcome): Promise<string | null> {
    const found = await this.deliveries.findOne({ _id: deliveryId }, { projection: { webhookId: 1 } });
    if (!found) return null;
    await this.deliveries.updateOne({ _id: deliveryId }, {
      $push: { attempts: attempt }, $set: { status: outcome.status, nextAttemptAt: outcome.nextAttemptAt },
    });
    const failingSince = succeeded(attempt.statusCode)
      ? null : (await this.health.findOne({ _id: found.webhookId }))?.failingSince ?? attempt.at;
    await this.health.updateOne({ _id: found.webhookId }, { $set: { failingSince } }, { upsert: true });
    return failingSince;
  }

  async list(webhookId: string, { status, limit, cursor }: { status?: DeliveryStatus; limit: number; cursor?: string }): Promise<DeliveryPage> {
    await this.ready();
    const filter: Record<string, unknown> = { webhookId };
    if (status) filter.status = status;
    if (cursor !== undefined) filter.sequence = { $lt: decodeSequence(cursor) };
    const found = await this.deliveries.find(filter, { sort: { sequence: -1 }, limit: limit + 1 }).toArray();
    const items = found.slice(0, limit).map(fromDocument);
    return { items, nextCursor: found.length > limit ? encodeSequence(items[items.length - 1].sequence) : null };
  }

  async load(name: string): Promise<bigint> {
    return BigInt((await this.checkpoints.findOne({ _id: name }))?.position ?? 0);
  }

  async save(name: string, position: bigint): Promise<void> {
    await this.checkpoints.updateOne({ _id: name }, { $set: { position: position.toString() } }, { upsert: true });
  }
}

function fromDocument({ _id, ...rest }: DeliveryDocument): WebhookDelivery {
  return { deliveryId: _id, ...rest };
}
