import { MongoBulkWriteError, MongoServerError, type Collection, type Db } from 'mongodb';
import type { DataKeyStore, Erased, ScopeRequest, StoredDataKey } from './data-key-store.port';

const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;
/** Found by key id (readers), destroyed by company or user. */
const INDEXES: Record<string, 1>[] = [{ keyId: 1 }, { companyId: 1 }, { userId: 1 }];

/** One live key per scope: the scope is the `_id`, the one uniqueness both MongoDB and FerretDB enforce atomically. */
interface KeyDocument {
  _id: string;
  keyId: string;
  companyId: string | null;
  userId: string | null;
  wrapped: string;
}

/**
 * Data keys in MongoDB (a collection beside the read models). A destroyed key is deleted: the
 * server's own storage reclaims it, and no document holds it from then on.
 */
export class MongoDataKeyStore implements DataKeyStore {
  private readonly keys: Collection<KeyDocument>;
  /** Who was erased, `{_id: "company:<id>" | "user:<id>"}`. */
  private readonly erasures: Collection<{ _id: string }>;
  private indexed: Promise<unknown> | undefined;

  constructor(db: Db, collection = 'data_keys') {
    this.keys = db.collection<KeyDocument>(collection);
    this.erasures = db.collection<{ _id: string }>(`${collection}_erasures`);
  }

  async live(requests: ScopeRequest[]): Promise<StoredDataKey[]> {
    if (requests.length === 0) return [];
    await this.ensureIndexes();
    const found = await this.byScope(requests.map((r) => r.scope));
    for (const request of requests) {
      const key = found.get(request.scope);
      if (!key || request.userId === null || key.userId !== null) continue;
      // Racing ties name the same person (the one who answered the invitation): either write is right.
      await this.keys.updateOne({ _id: request.scope, userId: null }, { $set: { userId: request.userId } });
      found.set(request.scope, { ...key, userId: request.userId });
    }
    return [...found.values()];
  }

  async add(keys: StoredDataKey[]): Promise<StoredDataKey[]> {
    if (keys.length === 0) return [];
    await this.ensureIndexes();
    try {
      await this.keys.insertMany(keys.map(toDocument), { ordered: false });
    } catch (error) {
      // A scope that got its key meanwhile keeps that one; the read below returns it.
      if (!onlyDuplicates(error)) throw error;
    }
    return [...(await this.byScope(keys.map((k) => k.scope))).values()];
  }

  async find(keyIds: string[]): Promise<StoredDataKey[]> {
    if (keyIds.length === 0) return [];
    await this.ensureIndexes();
    return (await this.keys.find({ keyId: { $in: [...new Set(keyIds)] } }).toArray()).map(toKey);
  }

  async anyKey(): Promise<StoredDataKey | null> {
    const found = await this.keys.findOne({});
    return found ? toKey(found) : null;
  }

  async destroyCompanyKeys(companyId: string): Promise<number> {
    await this.markErased(`company:${companyId}`);
    return (await this.keys.deleteMany({ companyId: { $eq: companyId } })).deletedCount;
  }

  async destroyUserKeys(userId: string): Promise<number> {
    await this.markErased(`user:${userId}`);
    return (await this.keys.deleteMany({ userId: { $eq: userId } })).deletedCount;
  }

  async holdsKeysOf(userId: string): Promise<boolean> {
    await this.ensureIndexes();
    return (await this.keys.findOne({ userId: { $eq: userId } }, { projection: { _id: 1 } })) !== null;
  }

  async erasedAmong({ companyIds, userIds }: Erased): Promise<Erased> {
    const ids = [...companyIds.map((id) => `company:${id}`), ...userIds.map((id) => `user:${id}`)];
    if (ids.length === 0) return { companyIds: [], userIds: [] };
    const found = new Set((await this.erasures.find({ _id: { $in: ids } }).toArray()).map((doc) => doc._id));
    return { companyIds: companyIds.filter((id) => found.has(`company:${id}`)), userIds: userIds.filter((id) => found.has(`user:${id}`)) };
  }

  /** Recorded before the keys go: a crash in between leaves the erasure to be repeated, never forgotten. */
  private async markErased(id: string): Promise<void> {
    await this.erasures.updateOne({ _id: id }, { $setOnInsert: { _id: id } }, { upsert: true }).catch((error) => {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    });
  }

  private async byScope(scopes: string[]): Promise<Map<string, StoredDataKey>> {
    const found = await this.keys.find({ _id: { $in: [...new Set(scopes)] } }).toArray();
    return new Map(found.map((doc) => [doc._id, toKey(doc)]));
  }

  private ensureIndexes(): Promise<unknown> {
    this.indexed ??= this.createMissingIndexes().catch((error) => { this.indexed = undefined; throw error; });
    return this.indexed;
  }

  /** Only the missing ones: FerretDB drops the connection when every index asked for exists. */
  private async createMissingIndexes(): Promise<void> {
    const wanted = new Map(INDEXES.map((key) => [JSON.stringify(key), key]));
    const existing = await this.keys.indexes().catch((error) => {
      if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
      throw error;
    });
    for (const index of existing) wanted.delete(JSON.stringify(index.key));
    if (wanted.size) await this.keys.createIndexes([...wanted.values()].map((key) => ({ key })));
  }
}

function onlyDuplicates(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    return errors.length > 0 && errors.every((e) => e.code === DUPLICATE_KEY);
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

const toDocument = (key: StoredDataKey): KeyDocument =>
  ({ _id: key.scope, keyId: key.keyId, companyId: key.companyId, userId: key.userId, wrapped: key.wrapped });

const toKey = (doc: KeyDocument): StoredDataKey =>
  ({ scope: doc._id, keyId: doc.keyId, companyId: doc.companyId, userId: doc.userId, wrapped: doc.wrapped });
