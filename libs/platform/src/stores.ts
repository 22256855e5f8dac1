import { actorEmailKey, personalFieldsOf, upcastEvent } from '@tenancy/domain';
import {
  EventStoreDbEventStore, HashChainedEventStore, SqliteEventStore, UpcastingEventStore, type EventStore,
} from '@tenancy/event-store';
import { DataKeys, KeyWrapping, PersonalDataEncryption, type PersonalDataPolicy } from '@tenancy/personal-data';
import { Snapshots } from '@tenancy/application';
import {
  mongoClient, MongoDataKeyStore, MongoIdempotencyStore, MongoReadStore, MongoSnapshotStore, MongoWebhookDeliveryStore, SqliteDataKeyStore,
  SqliteIdempotencyStore, SqliteReadStore, SqliteSnapshotStore, SqliteWebhookDeliveryStore, type IdempotencyStore, type ReadStore,
  type ListCursors, type WebhookDeliveryStore,
} from '@tenancy/read-store';
import { BULK_READS, openDatabase, type HeldLock, type SqliteDatabase } from '@tenancy/sqlite';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { sqliteFile, withoutCredentials, type Config } from './config';
import { assertDataDirWritable } from './data-dir';
import { dataFilesIn, removeDataFilesMade } from './data-dir-made';
import { lockDataDir, type DataDirWriter } from './data-dir-lock';
import { checkInstallation, OriginRecordingReadStore, type StoreNames } from './installation';
import { listCursorsOf } from './list-cursors';
import { checkServerKey, recordServerKeyCheck, serverKeyCheckValue } from './server-key-check';
import { loadServerKey } from './server-keys';
import { timeOrderedIds } from './time-ordered-ids';

/** What the domain declares personal, as the encrypting store reads it (docs/personal-data.md). */
export const PERSONAL_DATA: PersonalDataPolicy = { fieldsOf: personalFieldsOf, actorEmailKey };

/** The adapters behind every storage port, as configuration chooses them. */
export interface Stores {
  /** Every event read in the current shape of its type (old schema versions upcast), personal data opened. */
  events: EventStore;
  /**
   * The events exactly as stored: ciphertext, and each one's `metadata.hash` (docs/tamper-evidence.md).
   * For verifying the chain and anchoring it only; never append through it.
   */
  storedEvents: EventStore;
  /** The keys sealing personal data, beside the read models; destroying them erases it. */
  dataKeys: DataKeys;
  readModels: ReadStore;
  /**
   * `events` and `readModels` for reads that go through a whole history once (exports). In the
   * embedded default, over a connection of their own that neither maps the file nor caches much
   * of it (BULK_READS): an export's memory stays flat however big the file, and it leaves the
   * serving connection's cache alone. The servers' adapters are the same as above.
   */
  bulkReads: { events: EventStore; readModels: ReadStore };
  idempotency: IdempotencyStore;
  /** The command path's cache of long streams' state, beside the read models. */
  snapshots: Snapshots;
  /** Webhook deliveries owed and made, beside the read models. */
  webhookDeliveries: WebhookDeliveryStore;
  /** What signs and reads the lists' cursors: the stores' own, and those of lists paged in memory (a history, members as of an instant). */
  cursors: ListCursors;
  /** The embedded file, when any port uses it. */
  sqlite: SqliteDatabase | null;
  /** The MongoDB connection, when read models live there. */
  mongo: MongoClient | null;
  describe(): string;
  close(): Promise<void>;
}

/** Where the stores report what they do on their own while the process runs. */
export interface StoreReports {
  warn(message: string): void;
}

export interface OpenOptions {
  /**
   * How this process writes beside others on the embedded file (DataDirWriter). Unset: it only
   * reads, or only appends. Either way it takes DATA_DIR for as long as the stores are open, as far
   * as others may share it (lockDataDir), or is refused before anything is opened: nothing but a
   * rebuild's own stores are open while it drops read models. Without the embedded file there is
   * nothing to take.
   */
  writer?: DataDirWriter;
}

/** Unset URLs mean the embedded SQLite file; each server is chosen on its own. */
export async function openStores(
  config: Config, reports: StoreReports = { warn: () => undefined }, { writer }: OpenOptions = {},
): Promise<Stores> {
  const embedded = !config.eventStoreUrl || !config.mongoUrl;
  // Before anything is opened: a DATA_DIR it may not write stops the start, not the first write.
  if (embedded) assertDataDirWritable(config);
  // DATA_DIR next: when another process works on it, nothing has been opened or written.
  const lock = embedded ? lockDataDir(config, writer) : null;
  const found = embedded ? dataFilesIn(config) : [];
  try {
    return await openLocked(config, reports, embedded, lock);
  } catch (error) {
    // Refused: DATA_DIR as this start found it, without the lock files, keys and database it made.
    lock?.release({ removeMade: true, whileAlone: () => removeDataFilesMade(config, found) });
    throw error;
  }
}

async function openLocked(config: Config, reports: StoreReports, embedded: boolean, lock: HeldLock | null): Promise<Stores> {
  // Before the database: kept in DATA_DIR, the keys are made before it (and never made anew for one with data).
  const serverKey = loadServerKey(config);
  // The server first: when it does not answer, nothing else has been opened.
  const mongo = config.mongoUrl ? await connectMongo(config.mongoUrl, reports) : null;
  const sqlite = embedded ? openDatabase(sqliteFile(config)) : null;
  const stored = config.eventStoreUrl ? EventStoreDbEventStore.connect(config.eventStoreUrl) : new SqliteEventStore(sqlite!);
  // Keys in the embedded file, beside events there, commit with the appends that need them.
  const dataKeys = new DataKeys(
    mongo ? new MongoDataKeyStore(mongo.db(config.mongoDatabase)) : new SqliteDataKeyStore(sqlite!, { eventsOnThisConnection: !config.eventStoreUrl }),
    new KeyWrapping(serverKey, { keyIds: timeOrderedIds }));
  const cursors = listCursorsOf(serverKey);
  // From the stored bytes up: each stream hash-chained over what is stored (so erasing keys never
  // breaks it), personal data sealed before it is stored, opened before it is upcast.
  const layered = (below: EventStore) => new UpcastingEventStore(new PersonalDataEncryption(new HashChainedEventStore(below), dataKeys, PERSONAL_DATA), upcastEvent);
  const events = layered(stored);
  const readStore = mongo ? new MongoReadStore(mongo, cursors, config.mongoDatabase) : new SqliteReadStore(sqlite!, cursors);
  // Every write of the read models, checkpoints and subscribers' places goes through it: the first
  // event it meets binds the read store to this event store (docs: README, Stores that belong together).
  // With it, the server key's check value, for stores opened empty on MongoDB (see below).
  const readModels = new OriginRecordingReadStore(readStore, stored, (store) => recordServerKeyCheck(store, serverKeyCheckValue(serverKey)));
  const bulk = sqlite && sqlite.name !== ':memory:' ? openDatabase(sqlite.name, BULK_READS) : null;
  const bulkReads = {
    events: bulk && !config.eventStoreUrl ? layered(new SqliteEventStore(bulk)) : events,
    readModels: bulk && !mongo ? new SqliteReadStore(bulk, cursors) : readModels,
  };
  const idempotency = mongo
    ? new MongoIdempotencyStore(mongo.db(config.mongoDatabase))
    : new SqliteIdempotencyStore(sqlite!);
  const snapshots = new Snapshots(mongo ? new MongoSnapshotStore(mongo.db(config.mongoDatabase)) : new SqliteSnapshotStore(sqlite!));
  const webhookDeliveries = mongo ? new MongoWebhookDeliveryStore(mongo.db(config.mongoDatabase), cursors) : new SqliteWebhookDeliveryStore(sqlite!, cursors);
  const closeOpened = async () => {
    await events.close();
    await readModels.close();
    if (bulkReads.events !== events) await bulkReads.events.close();
    await mongo?.close();
    bulk?.close();
    sqlite?.close();
  };
  const stores: Stores = {
    events, storedEvents: stored, dataKeys, readModels, bulkReads, idempotency, snapshots, webhookDeliveries, cursors, sqlite, mongo,
    describe: () => [
      `events: ${config.eventStoreUrl ? 'EventStoreDB' : 'SQLite'}`,
      `read models: ${mongo ? `MongoDB (${config.mongoDatabase})` : 'SQLite'}`,
      ...(sqlite ? [`embedded file: ${sqlite.name}`] : []),
    ].join(', '),
    async close() {
      await closeOpened();
      lock?.release();
    },
  };
  try {
    // First: keys, checkpoints and read models of another installation are not this one's to open.
    const installation = await checkInstallation(stored, readStore, storeNames(config, sqlite));
    const serverKeyCheck = await checkServerKey(readStore, serverKey, () => dataKeys.opensStoredKeys());
    if (!serverKeyCheck.opens) {
      throw new Error(serverKeyMismatch(config, mongo ? `the MongoDB database ${config.mongoDatabase}` : sqliteFile(config)));
    }
    await installation.record();
    // The first time a key meets the stores. On MongoDB not while they are empty (a collection made
    // on every start in a new FerretDB database upset the driver's reconnecting, see installation.ts):
    // there the read store records it with the first event, before any checkpoint moves.
    if (!mongo || (await stored.readAll(0n, 1)).events.length > 0) await serverKeyCheck.record();
  } catch (error) {
    // The lock stays taken until openStores lets it go, removing the lock files this start made.
    await closeOpened();
    throw error;
  }
  return stores;
}

/** Which key failed (the variable, or the one kept in DATA_DIR outside production) and what to do. */
function serverKeyMismatch(config: Config, where: string): string {
  const source = config.serverKey ? 'SERVER_KEY' : `The server key kept in ${join(config.dataDir, 'server-keys.json')}`;
  return `${source} does not open the keys in ${where}: they were wrapped with another SERVER_KEY. `
    + 'Start with the SERVER_KEY this data was written with; nothing has been changed.';
}

/** The read models' server, or a refusal to start that says which and why (the driver's own error is pages long). */
async function connectMongo(url: string, reports: StoreReports): Promise<MongoClient> {
  const revived = (stuckMs: number) => reports.warn(
    `MongoDB at ${withoutCredentials(url)}: the driver's server monitor had no answer for ${Math.round(stuckMs / 1000)} s, `
    + 'longer than its own timeouts allow; reconnecting the client',
  );
  try {
    return await mongoClient(url, { revived }).connect();
  } catch (error) {
    throw new Error(`MongoDB at ${withoutCredentials(url)} does not answer: ${(error as Error).message}`);
  }
}

/** The stores as the configuration names them, and what to change when they do not belong together. */
function storeNames(config: Config, sqlite: SqliteDatabase | null): StoreNames {
  const file = `the embedded file ${sqlite?.name}`;
  const eventStore = config.eventStoreUrl ? 'the EventStoreDB at EVENTSTORE_URL' : file;
  if (config.mongoUrl) {
    return {
      readStore: `MongoDB database ${config.mongoDatabase}`, eventStore,
      remedy: 'Set MONGODB_DATABASE (or MONGODB_URL) to this installation\'s own database, or to a new database name to build the read models afresh '
        + 'from these events (personal data sealed with keys kept in another database stays unreadable)',
    };
  }
  if (config.eventStoreUrl) {
    return {
      readStore: file, eventStore,
      remedy: 'Point EVENTSTORE_URL at the event store this DATA_DIR was built from, or give this event store a DATA_DIR of its own',
    };
  }
  return { readStore: file, eventStore, remedy: 'The file\'s read models and events come from different copies: restore it whole from one copy' };
}
