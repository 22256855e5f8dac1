import { upcastEvent } from '@tenancy/domain';
import { EventStoreDbEventStore, SqliteEventStore, UpcastingEventStore, type EventStore } from '@tenancy/event-store';
import {
  MongoIdempotencyStore, MongoReadStore, SqliteIdempotencyStore, SqliteReadStore,
  type IdempotencyStore, type ReadStore,
} from '@tenancy/read-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { MongoClient } from 'mongodb';
import { sqliteFile, type Config } from './config';

/** The adapters behind every storage port, as configuration chooses them. */
export interface Stores {
  /** Every event read in the current shape of its type (old schema versions upcast). */
  events: EventStore;
  readModels: ReadStore;
  idempotency: IdempotencyStore;
  /** The embedded file, when any port uses it. */
  sqlite: SqliteDatabase | null;
  /** The MongoDB connection, when read models live there. */
  mongo: MongoClient | null;
  describe(): string;
  close(): Promise<void>;
}

/** Unset URLs mean the embedded SQLite file; each server is chosen on its own. */
export async function openStores(config: Config): Promise<Stores> {
  const sqlite = !config.eventStoreUrl || !config.mongoUrl ? openDatabase(sqliteFile(config)) : null;
  const mongo = config.mongoUrl ? await MongoClient.connect(config.mongoUrl) : null;
  const stored = config.eventStoreUrl ? EventStoreDbEventStore.connect(config.eventStoreUrl) : new SqliteEventStore(sqlite!);
  const events = new UpcastingEventStore(stored, upcastEvent);
  const readModels = mongo ? new MongoReadStore(mongo, config.mongoDatabase) : new SqliteReadStore(sqlite!);
  const idempotency = mongo
    ? new MongoIdempotencyStore(mongo.db(config.mongoDatabase))
    : new SqliteIdempotencyStore(sqlite!);
  return {
    events, readModels, idempotency, sqlite, mongo,
    describe: () => [
      `events: ${config.eventStoreUrl ? 'EventStoreDB' : 'SQLite'}`,
      `read models: ${mongo ? `MongoDB (${config.mongoDatabase})` : 'SQLite'}`,
      ...(sqlite ? [`embedded file: ${sqlite.name}`] : []),
    ].join(', '),
    async close() {
      await events.close();
      await readModels.close();
      await mongo?.close();
      sqlite?.close();
    },
  };
}
