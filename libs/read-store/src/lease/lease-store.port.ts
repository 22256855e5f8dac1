/**
 * A named lease: at most one owner at a time, for `ttlMs` after its last renewal. Used to
 * keep a single active projector; an owner that stops renewing loses it once it expires.
 * Expiry is judged by the caller's clock, so the owners' clocks must agree to well within
 * the ttl (NTP does; the default ttl is 15 s).
 */
export interface LeaseStore {
  /**
   * Takes the lease if it is free or expired, renews it if `owner` holds it; null if another
   * holds it. Returns the lease's epoch, the fencing token its holder's writes carry: every
   * grant (a free, released or expired lease, to anyone, the last holder included) gets a
   * higher epoch than any before it; a renewal keeps it.
   */
  tryAcquire(name: string, owner: string, ttlMs: number): Promise<number | null>;
  /** Gives the lease up at once if `owner` holds it; does nothing otherwise. */
  release(name: string, owner: string): Promise<void>;
  /** Who holds the lease now (taken and not expired), or null: for readiness, which needs someone working. */
  holder(name: string): Promise<string | null>;
}

/** Milliseconds since the epoch; tests pass their own. */
export type LeaseClock = () => number;
