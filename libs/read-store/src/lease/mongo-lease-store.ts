import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { LeaseClock, LeaseStore } from './lease-store.port';

const DUPLICATE_KEY = 11000;
/** Terms kept per lease; older ones are deleted now and then. */
const KEEP_TERMS = 10;
const PRUNE_EVERY = 20;

/** One term of a lease: who holds it until when. `owner: null` is a released lease. */
interface LeaseTerm {
  _id: string;
  name: string;
  term: number;
  owner: string | null;
  expiresAt: Date;
  /** The fencing token: the term that granted the lease, carried on by its renewals (absent on terms of older versions). */
  epoch?: number;
}

/**
 * Leases in MongoDB as an append-only chain of terms, `{_id: "<name>#<term>"}`. Every
 * acquisition, renewal and release inserts the successor of the newest term, and only
 * when the newest term allows it (free, expired, or held by the caller). Two callers racing
 * from the same term insert the same `_id`: the unique key lets exactly one through, the
 * other gets E11000 and is "not acquired". A grant's epoch is its own term number, which no
 * earlier term had; renewals carry it on.
 *
 * Why not one document updated with `{_id, $or: [{owner}, {expiresAt: {$lt: now}}]}` and
 * upsert: on FerretDB 1.24 (on SQLite and on PostgreSQL) a conditional update is read, check,
 * then write by `_id`, not one atomic step, so several of ten owners racing for an expired
 * lease "won" (seen in the contract suite). An insert against the unique `_id` is the one check-and-write that
 * is atomic on both servers. No transactions or TTL indexes either (FerretDB has neither).
 */
export class MongoLeaseStore implements LeaseStore {
  private readonly terms: Collection<LeaseTerm>;
  private indexed: Promise<unknown> | undefined;

  constructor(db: Db, collection = 'leases', private readonly now: LeaseClock = Date.now) {
    this.terms = db.collection<LeaseTerm>(collection);
  }

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<number | null> {
    const now = this.now();
    const newest = await this.newest(name);
    const live = newest !== null && newest.owner !== null && newest.expiresAt.getTime() >= now;
    if (live && newest.owner !== owner) return null;
    const term = (newest?.term ?? 0) + 1;
    const epoch = live ? epochOf(newest) : term;
    if (!(await this.append({ _id: termId(name, term), name, term, owner, expiresAt: new Date(now + ttlMs), epoch }))) return null;
    if (term % PRUNE_EVERY === 0) await this.terms.deleteMany({ name, term: { $lte: term - KEEP_TERMS } }).catch(() => undefined);
    return epoch;
  }

  async release(name: string, owner: string): Promise<void> {
    const newest = await this.newest(name);
    if (newest?.owner !== owner) return;
    const term = newest.term + 1;
    await this.append({ _id: termId(name, term), name, term, owner: null, expiresAt: new Date(0), epoch: epochOf(newest) });
  }

  async holder(name: string): Promise<string | null> {
    const newest = await this.newest(name);
    return newest !== null && newest.owner !== null && newest.expiresAt.getTime() >= this.now() ? newest.owner : null;
  }

  private async newest(name: string): Promise<LeaseTerm | null> {
    this.indexed ??= this.terms.createIndex({ name: 1, term: -1 }).catch((error) => {
      this.indexed = undefined;
      throw error;
    });
    await this.indexed;
    return this.terms.findOne({ name }, { sort: { term: -1 } });
  }

  /** False when another caller appended this term first. */
  private async append(term: LeaseTerm): Promise<boolean> {
    try {
      await this.terms.insertOne(term);
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}

const termId = (name: string, term: number) => `${name}#${term}`;
const epochOf = (term: LeaseTerm) => term.epoch ?? term.term;
