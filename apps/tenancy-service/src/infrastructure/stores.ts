import { SqliteEventStore, type EventStore } from '@tenancy/event-store';
import { SqliteIdempotencyStore, SqliteReadStore, type IdempotencyStore, type ReadStore } from '@tenancy/read-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { sqliteFile, type Config } from '../config/config';

/** The adapters behind every storage port, as configuration chooses them. */
export interface Stores {
  events: EventStore;
  readModels: ReadStore;
  idempotency: IdempotencyStore;
  /** The embedded file, when any port uses it. */
  sqlite: SqliteDatabase | null;
  describe(): string;
  close(): Promise<void>;
}

/** Unset URLs mean the embedded SQLite file; each server is chosen on its own. */
export async function openStores(config: Config): Promise<Stores> {
  const embedded = !config.eventStoreUrl || !config.mongoUrl;
  const sqlite = embedded ? openDatabase(sqliteFile(config)) : null;
  const events = new SqliteEventStore(sqlite!);
  const readModels = new SqliteReadStore(sqlite!);
  const idempotency = new SqliteIdempotencyStore(sqlite!);
  return {
    events, readModels, idempotency, sqlite,
    describe: () => `events: SQLite, read models: SQLite (${sqlite?.name})`,
    async close() {
      await events.close();
      await readModels.close();
      sqlite?.close();
    },
  };
}
