import {
  Db, MongoClient, MongoServerError,
  type AnyBulkWriteOperation, type Collection, type Filter, type Long, type Sort,
} from 'mongodb';
import { assertFieldName, type ListCursors } from '../cursor';
import { mongoClient } from './mongo-connection';
import { listSlices, openedQuery, unconditioned } from '../list-slices';
import type {
  BatchChanges, CollectionBatch, CollectionOptions, Document, FieldValue, IndexKey, ListPlan, ListQuery, Page, ReadStore,
  StoredDocument,
} from '../read-store.port';
import { ERASED_FIELD, StaleEpoch } from '../read-store.port';
import { CHECKPOINTS, onlyDuplicateKeys, raiseFence, refusedWhenNewer } from './mongo-fence';
import { gramsOf, probeTrigrams, TRIGRAM } from '../search-key';
import {
  allOf, containsText, equalTo, fromStored, gramsFieldOf, INTERNAL_FIELDS, isGramsField, legacyTrigramFieldOf, LIVE, notNewerThan, sliceFilters, toLong,
  type StoredShape,
} from './mongo-filters';
import { explainedPlan } from './mongo-plans';

const NAMESPACE_EXISTS = 48;

interface Checkpoint { _id: string; position: Long; epoch?: number }
/** What a batch says last about one id: upserted with this doc, or removed. */
type LastWord = { id: string; position: bigint } & ({ removed: false; stored: StoredDocument; searched?: string } | { removed: true });

/**
 * Read models in MongoDB, one collection per read model and a `checkpoints` collection.
 * No multi-document transactions (they need a replica set): every write is conditional
 * on the stored `_position`, so replaying any batch, older ones included, changes nothing
 * newer. Removals leave a tombstone for the same reason. The checkpoint moves last.
 *
 * A fenced write (with a lease epoch) first raises the `#fence` document to its epoch, and is
 * refused if it holds a newer one; then every document and checkpoint write is also
 * conditional on the epoch stored with it (`_epoch`, `epoch`), so a writer paused after the
 * fence check still cannot overwrite anything a newer epoch wrote.
 */
export class MongoReadStore implements ReadStore {
  private readonly db: Db;
  /** Collections whose writes keep a trigram field, as `ensureCollection` declared them in this process. */
  private readonly searched = new Map<string, string>();
  /** Collections found to have a grams index, per searched field (bounded by the number of collections). */
  private readonly gramsIndexed = new Map<string, Set<string>>();

  /** `cursors` signs the cursors of its lists and reads only those (ListCursors). */
  constructor(source: MongoClient | Db, private readonly cursors: ListCursors, dbName = 'tenancy', private readonly ownedClient?: MongoClient) {
    this.db = source instanceof Db ? source : source.db(dbName);
  }

  async ensureCollection(collection: string, indexes: IndexKey[], options: CollectionOptions = {}): Promise<void> {
    await this.db.createCollection(this.nameOf(collection)).catch(ignoreCode(NAMESPACE_EXISTS));
    const docs = this.docs(collection);
    const keys = indexes.map((key) => (typeof key === 'string' ? [key] : [...key]).map(assertFieldName));
    const wanted = new Map<string, Record<string, 1>>();
    const add = (fields: string[]) => {
      const key = Object.fromEntries(fields.map((field) => [field, 1 as const]));
      wanted.set(JSON.stringify(key), key);
    };
    // A key that starts with the company id serves `removeCompanies` too.
    if (!keys.some((key) => key[0] === 'companyId')) add(['companyId']);
    for (const key of keys) add([...key, '_id']);
    if (options.search) {
      add([gramsFieldOf(options.search)]);
      this.searched.set(collection, assertFieldName(options.search));
    }
    const existing = await docs.indexes();
    const declared = new Set(wanted.keys());
    // Only the missing ones: FerretDB drops the connection when every index asked for exists.
    for (const index of existing) wanted.delete(JSON.stringify(index.key));
    // The grams index comes last, once every document has its grams: a search uses it only then.
    if (options.search && wanted.has(JSON.stringify({ [gramsFieldOf(options.search)]: 1 }))) await addGrams(docs, options.search);
    if (wanted.size) await docs.createIndexes([...wanted.values()].map((key) => ({ key })));
    // Indexes of an earlier version (another sort field, the trigrams before the grams) cost every
    // write and serve nothing: dropped once their replacements exist. The collection is ours alone.
    for (const index of existing) {
      if (index.name && index.name !== '_id_' && !declared.has(JSON.stringify(index.key))) await docs.dropIndex(index.name);
    }
  }

  async load(collection: string, ids: string[]): Promise<Map<string, StoredDocument>> {
    const found = await this.docs(collection)
      .find({ _id: { $in: [...new Set(ids)] }, ...LIVE }, { useBigInt64: true }).toArray();
    return new Map(found.map((row) => [row._id, {
      id: row._id, companyId: String(row.companyId), position: fromStored(row._position), doc: readModelOf(row),
    }]));
  }

  async applyBatch(collection: string, changes: BatchChanges, checkpoint: bigint, epoch?: number): Promise<void> {
    return this.applyBatches([{ collection, changes, checkpoint }], epoch);
  }

  private async write(collection: string, changes: BatchChanges, lastWords: ReturnType<typeof lastWordPerId>, checkpoint: bigint, epoch?: number): Promise<void> {
    const docs = this.docs(collection);
    const moveTo = toLong(checkpoint);
    if (changes.removeCompanies.length) await docs.deleteMany({ companyId: { $in: changes.removeCompanies } });
    for (const { field, value, clear, position } of changes.erasures ?? []) {
      if (clear.length === 0) continue;
      await docs.updateMany({ [assertFieldName(field)]: { $eq: value }, _position: { $lt: toLong(position) }, ...LIVE },
        { $set: { ...Object.fromEntries(clear.map((name) => [assertFieldName(name), null])), [ERASED_FIELD]: clear } });
    }
    await retryOnDuplicateKey(() => writeLastWords(docs, lastWords, epoch), lastWords.size + 1);
    // $max: replaying an older batch does not move the checkpoint back.
    const checkpoints = this.db.collection<Checkpoint>(CHECKPOINTS);
    if (epoch === undefined) {
      await retryOnDuplicateKey(() => checkpoints.updateOne({ _id: collection }, { $max: { position: moveTo } }, { upsert: true }), 2);
      return;
    }
    // A checkpoint of a newer epoch fails the filter, and the upsert then collides with it.
    await refusedWhenNewer(epoch, () => checkpoints.updateOne(
      { _id: collection, epoch: notNewerThan(epoch) }, { $max: { position: moveTo }, $set: { epoch } }, { upsert: true }),
    async () => (await checkpoints.findOne({ _id: collection }))?.epoch);
  }

  /**
   * No multi-document transactions here: each batch is idempotent, so a crash part-way through is
   * repaired by replaying from the checkpoints, which only move after their own batch. So the
   * collections are written at the same time, not one after another: each waits on the server,
   * and seven read models' round trips in a row were most of a projection batch's time.
   */
  async applyBatches(batches: CollectionBatch[], epoch?: number): Promise<void> {
    const lastWords = batches.map(({ collection, changes }) => lastWordPerId(changes, this.searched.get(collection))); // checks every position fits an Int64 before any write
    if (epoch !== undefined) await raiseFence(this.db, epoch);
    // Every write settled before this returns or throws: a caller that retries must not race the rest.
    const settled = await Promise.allSettled(batches.map(({ collection, changes, checkpoint }, i) => this.write(collection, changes, lastWords[i], checkpoint, epoch)));
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async checkpoint(collection: string): Promise<bigint> {
    const row = await this.db.collection<Checkpoint>(CHECKPOINTS).findOne({ _id: collection }, { useBigInt64: true });
    return row ? fromStored(row.position) : 0n;
  }

  async reset(collection: string): Promise<void> {
    await this.docs(collection).deleteMany({});
    await this.db.collection<Checkpoint>(CHECKPOINTS).deleteOne({ _id: collection });
  }

  async get(collection: string, id: string): Promise<Document | null> {
    const row = await this.docs(collection).findOne({ _id: { $eq: id }, ...LIVE });
    return row ? readModelOf(row) : null;
  }

  async findOne(collection: string, filter: Record<string, FieldValue>): Promise<Document | null> {
    const row = await this.docs(collection).findOne({ $and: [LIVE, ...equalTo(filter)] }, { sort: { _id: 1 } });
    return row ? readModelOf(row) : null;
  }

  async list(collection: string, query: ListQuery): Promise<Page> {
    const field = assertFieldName(query.sort.field);
    const { filter, options } = await this.listFind(collection, query);
    const rows = await this.docs(collection).find(filter, options).toArray();
    const page = rows.slice(0, query.limit).map((row) => ({ id: row._id, doc: readModelOf(row) }));
    const last = page[page.length - 1];
    return {
      items: page.map((item) => item.doc),
      nextCursor: rows.length > query.limit && last
        ? this.cursors.encode({ value: (last.doc[field] ?? null) as FieldValue, id: last.id }, query) : null,
    };
  }

  async explainList(collection: string, query: ListQuery): Promise<ListPlan | null> {
    const { filter, options } = await this.listFind(collection, query);
    return explainedPlan(await this.docs(collection).find(filter, options).explain('queryPlanner'), unconditioned(query));
  }

  async close(): Promise<void> {
    await this.ownedClient?.close();
  }

  /**
   * The find behind a page: one filter per index slice (see sliceFilters), under `$or` when there
   * are several. Each branch is then a range of the `(filters…, sort, _id)` index in sort order,
   * and MongoDB merges them (SORT_MERGE) and stops at the limit. A search adds, to every branch,
   * its grams (the text itself when shorter than a trigram, else its three likeliest-rare
   * trigrams), served by the multikey index when it narrows best (the planner decides: the few
   * matches sorted, or the sort order walked with the condition), and the substring itself.
   */
  private async listFind(collection: string, query: ListQuery) {
    const field = assertFieldName(query.sort.field);
    const direction = query.sort.descending ? -1 : 1;
    const search: Filter<StoredShape>[] = [];
    if (query.contains) {
      const { field: searched, text } = query.contains;
      if (await this.hasGramsIndex(collection, searched)) {
        search.push({ [gramsFieldOf(searched)]: { $all: Array.from(text).length >= TRIGRAM ? probeTrigrams(text) : [text] } });
      }
      search.push(containsText(searched, text));
    }
    const branches = listSlices(openedQuery(query, this.cursors)).flatMap((slice) => sliceFilters(slice, field, query.sort.descending))
      .map((branch) => allOf([branch, ...search, LIVE]));
    return {
      filter: branches.length === 1 ? branches[0] : { $or: branches },
      options: { sort: { [field]: direction, _id: direction } as Sort, limit: query.limit + 1 },
    };
  }

  private async hasGramsIndex(collection: string, field: string): Promise<boolean> {
    if (this.gramsIndexed.get(collection)?.has(field)) return true;
    const indexed = (await this.docs(collection).indexes().catch(() => []))
      .some((index) => Object.keys(index.key).length === 1 && index.key[gramsFieldOf(field)] === 1);
    // Only a found index is remembered: one created later by the projector is found next time.
    if (indexed) this.gramsIndexed.set(collection, new Set([...this.gramsIndexed.get(collection) ?? [], field]));
    return indexed;
  }

  private docs(collection: string): Collection<StoredShape> {
    return this.db.collection<StoredShape>(this.nameOf(collection));
  }

  private nameOf(collection: string): string {
    if (assertFieldName(collection) === CHECKPOINTS) throw new Error(`"${CHECKPOINTS}" is reserved for checkpoints`);
    return collection;
  }
}

/** Connects and returns a store that closes the client on `close()`. */
export async function connectMongoReadStore(url: string, cursors: ListCursors, dbName = 'tenancy'): Promise<MongoReadStore> {
  const client = await mongoClient(url).connect();
  return new MongoReadStore(client, cursors, dbName, client);
}

/** The last word per id: the highest position wins, and a removal wins a tie. */
function lastWordPerId(changes: BatchChanges, searched?: string): Map<string, LastWord> {
  const words = new Map<string, LastWord>();
  const keep = (word: LastWord) => {
    toLong(word.position);
    const prev = words.get(word.id);
    if (!prev || word.position > prev.position || (word.position === prev.position && (word.removed || !prev.removed))) {
      words.set(word.id, word);
    }
  };
  for (const stored of changes.upserts) keep({ id: stored.id, position: stored.position, removed: false, stored, searched });
  for (const { id, position } of changes.removals) keep({ id, position, removed: true });
  return words;
}

/**
 * Reads the stored positions first and writes only what is newer, so a stale write never
 * turns into an upsert (an E11000 that FerretDB, unlike MongoDB, lets stop the batch).
 * The filters keep the position condition in case another writer got there meanwhile.
 */
async function writeLastWords(docs: Collection<StoredShape>, words: Map<string, LastWord>, epoch?: number): Promise<void> {
  if (!words.size) return;
  const current = new Map((await docs.find({ _id: { $in: [...words.keys()] } },
    { projection: { _position: 1, companyId: 1, _removed: 1, _epoch: 1 }, useBigInt64: true }).toArray())
    .map((row) => [row._id, row]));
  const fenced = epoch === undefined ? {} : { _epoch: notNewerThan(epoch) };
  const stamp = epoch === undefined ? {} : { _epoch: epoch };
  const newest = Math.max(0, ...[...current.values()].map((row) => row._epoch ?? 0));
  if (epoch !== undefined && newest > epoch) throw new StaleEpoch(epoch, newest);
  const ops: AnyBulkWriteOperation<StoredShape>[] = [];
  for (const word of words.values()) {
    const stored = current.get(word.id);
    const storedAt = stored ? fromStored(stored._position) : -1n;
    const position = toLong(word.position);
    if (word.removed) {
      // A removal is the last word for its id at its position: it also beats an upsert there.
      if (storedAt > word.position || (storedAt === word.position && stored?._removed)) continue;
      const tombstone: Omit<StoredShape, '_id'> = { _position: position, _removed: true, ...stamp };
      if (stored?.companyId !== undefined) tombstone.companyId = stored.companyId;
      ops.push({ replaceOne: { filter: { _id: word.id, _position: { $lte: position }, ...fenced }, replacement: tombstone, upsert: !stored } });
    } else {
      if (storedAt >= word.position) continue;
      const replacement = { ...storedShapeOf(word.stored, word.searched), _position: position, ...stamp };
      ops.push({ replaceOne: { filter: { _id: word.id, _position: { $lt: position }, ...fenced }, replacement, upsert: !stored } });
    }
  }
  if (ops.length) await docs.bulkWrite(ops, { ordered: false });
}

function storedShapeOf({ id, companyId, doc }: StoredDocument, searched?: string): Omit<StoredShape, '_id' | '_position'> {
  // Through JSON, so what comes back is exactly what the SQLite adapter would return.
  const fields = JSON.parse(JSON.stringify(doc)) as Document;
  for (const name of Object.keys(fields)) {
    if ((INTERNAL_FIELDS as readonly string[]).includes(name) || isGramsField(name)) {
      throw new Error(`Read model ${id} uses the reserved field ${name}`);
    }
  }
  if (searched && typeof fields[searched] === 'string') fields[gramsFieldOf(searched)] = gramsOf(fields[searched] as string);
  if (fields.companyId === undefined) return { ...fields, companyId, _companyIdAdded: true };
  if (fields.companyId !== companyId) throw new Error(`Read model ${id} has companyId ${String(fields.companyId)}, stored under ${companyId}`);
  return fields;
}

function readModelOf(row: StoredShape): Document {
  const { _id, _position, _removed, _companyIdAdded, _epoch, ...doc } = row;
  if (_companyIdAdded) delete doc.companyId;
  for (const name of Object.keys(doc)) if (isGramsField(name)) delete doc[name];
  return doc;
}

/**
 * Gives every live document written without them its grams (those of trigrams only, from before
 * 2026-12-03, or of no search at all), a thousand per bulk write, and drops its trigrams field. Each
 * write is conditional on the position read, so a document rewritten meanwhile (with its grams)
 * is left as its writer wrote it.
 */
async function addGrams(docs: Collection<StoredShape>, searched: string): Promise<void> {
  const grams = gramsFieldOf(searched);
  const rows = docs.find({ [grams]: { $exists: false }, ...LIVE }, { projection: { _id: 1, _position: 1, [searched]: 1 }, useBigInt64: true });
  let ops: AnyBulkWriteOperation<StoredShape>[] = [];
  for await (const row of rows) {
    const text = row[searched];
    ops.push({ updateOne: {
      filter: { _id: row._id, _position: row._position },
      update: { $set: { [grams]: typeof text === 'string' ? gramsOf(text) : [] }, $unset: { [legacyTrigramFieldOf(searched)]: '' } },
    } });
    if (ops.length === 1000) {
      await docs.bulkWrite(ops, { ordered: false });
      ops = [];
    }
  }
  if (ops.length) await docs.bulkWrite(ops, { ordered: false });
}

/**
 * A duplicate key means another writer inserted an id between our read and our upsert
 * (MongoDB retries some such upserts itself, FerretDB never does). Every write here is
 * conditional on the position, so running the whole step again is safe. Each retry is
 * owed to an id that was missing and now exists, so one per id (plus one) is enough.
 */
async function retryOnDuplicateKey(write: () => Promise<unknown>, attempts: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      if (!onlyDuplicateKeys(error) || attempt >= attempts) throw error;
    }
  }
}

function ignoreCode(code: number) {
  return (error: unknown) => {
    if (!(error instanceof MongoServerError && error.code === code)) throw error;
  };
}
