import { MongoLeaseStore, SqliteLeaseStore, type LeaseStore } from '@tenancy/read-store';
import type { Config } from './config';
import type { Stores } from './stores';

/** The lease lives beside the read models: MongoDB when they are there, else the embedded file. */
export function openLeaseStore(stores: Stores, config: Config): LeaseStore {
  if (stores.mongo) return new MongoLeaseStore(stores.mongo.db(config.mongoDatabase));
  if (stores.sqlite) return new SqliteLeaseStore(stores.sqlite);
  throw new Error('No store to keep the projector lease in');
}
