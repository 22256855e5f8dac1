import { MongoLeaseStore, SqliteLeaseStore, type LeaseStore } from '@tenancy/read-store';
import type { Config } from './config';
import type { Stores } from './stores';

/** The lease a projector process holds while it works (docs/adr/0003-single-active-projector.md). */
export const PROJECTOR_LEASE = 'tenancy-projector';

/** The lease lives beside the read models: MongoDB when they are there, else the embedded file. */
export function openLeaseStore(stores: Stores, config: Config): LeaseStore {
  if (stores.mongo) return new MongoLeaseStore(stores.mongo.db(config.mongoDatabase));
  if (stores.sqlite) return new SqliteLeaseStore(stores.sqlite);
  throw new Error('No store to keep the projector lease in');
}

/**
 * A service with RUN_PROJECTIONS=false, and no projector holding the lease: nothing moves the read
 * models, so every command would wait for them and answer 503 (readiness says so).
 */
export class ProjectionsNotRunning extends Error {
  constructor() {
    super('RUN_PROJECTIONS is false and no projector holds the projector lease');
    this.name = 'ProjectionsNotRunning';
  }
}
