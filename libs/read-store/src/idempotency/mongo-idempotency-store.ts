import type { Collection, Db } from 'mongodb';
import type { IdempotencyStore, RecordedOutcome } from './idempotency-store.port';

const NOT_IMPLEMENTED = 238;
const SWEEP_EVERY = 100;

interface OutcomeDocument {
  _id: string;
  outcome: RecordedOutcome;
  expiresAt: Date;
}

/** Outcomes in MongoDB; a TTL index lets the server drop them once they expire. */
export class MongoIdempotencyStore implements IdempotencyStore {
  private readonly outcomes: Collection<OutcomeDocument>;
  private ready: Promise<unknown> | undefined;

  constructor(db: Db, collection = 'idempotency') {
    this.outcomes = db.collection<OutcomeDocument>(collection);
  }

  /** Set when the server has no TTL indexes (FerretDB 1.x): then saves sweep expired outcomes. */
  private sweepOnSave = false;
  private saves = 0;

  private ensureIndexes() {
    this.ready ??= this.outcomes.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 }).catch(async (error: { code?: number }) => {
      if (error.code !== NOT_IMPLEMENTED) throw error;
      this.sweepOnSave = true;
      await this.outcomes.createIndex({ expiresAt: 1 });
    });
    return this.ready;
  }

  async find(key: string, now: Date): Promise<RecordedOutcome | null> {
    // The TTL monitor runs about once a minute, so expiry is checked here as well.
    const found = await this.outcomes.findOne({ _id: key, expiresAt: { $gt: now } });
    return found?.outcome ?? null;
  }

  async save(key: string, outcome: RecordedOutcome, { now, expiresAt }: { now: Date; expiresAt: Date }): Promise<void> {
    await this.ensureIndexes();
    if (this.sweepOnSave && this.saves++ % SWEEP_EVERY === 0) {
      await this.outcomes.deleteMany({ expiresAt: { $lte: now } });
    } else {
      await this.outcomes.deleteOne({ _id: key, expiresAt: { $lte: now } });
    }
    // $setOnInsert keeps the first outcome: a second save of the same key changes nothing.
    await this.outcomes.updateOne({ _id: key }, { $setOnInsert: { outcome, expiresAt } }, { upsert: true })
      .catch((error: { code?: number }) => { if (error.code !== 11000) throw error; });
  }
}
