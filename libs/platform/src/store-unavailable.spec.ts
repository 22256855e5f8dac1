import { UnavailableError } from '@eventstore/db-client';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';
import { isStoreUnavailable, StoreUnavailable } from './store-unavailable';

describe('Which failures mean a store does not answer now (503), not a fault (500)', () => {
  it.each([
    ['no MongoDB server selectable', new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:1', {} as never)],
    ['a MongoDB connection lost', new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
    ['the MongoDB client closed', new MongoTopologyClosedError()],
    ['EventStoreDB unavailable', new UnavailableError({ code: 14, details: 'No connection established', metadata: {} } as never)],
    ['a readiness check that failed', new StoreUnavailable(new Error('timeout'))],
  ])('given %s, then it does not answer', (_what, error) => {
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it('given the embedded file locked by another connection past the busy timeout, then it does not answer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenancy-busy-'));
    const [holder, waiter] = [new Database(join(dir, 'f.sqlite')), new Database(join(dir, 'f.sqlite'), { timeout: 0 })];
    try {
      holder.exec('CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
      let refused: unknown;
      try { waiter.exec('BEGIN IMMEDIATE'); } catch (error) { refused = error; }
      expect(isStoreUnavailable(refused)).toBe(true);
    } finally {
      holder.close();
      waiter.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['a MongoDB server refusing an operation, whatever its numeric code', Object.assign(new MongoServerError({ message: 'type mismatch' }), { code: 14 })],
    ['a bug', new TypeError('x is undefined')],
    ['an error with a gRPC-like code of its own', Object.assign(new Error('x'), { code: 14 })],
  ])('given %s, then it is no store outage', (_what, error) => {
    expect(isStoreUnavailable(error)).toBe(false);
  });
});
