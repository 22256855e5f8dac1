/**
 * The data keys that seal personal data inside events (docs/personal-data.md). A live key per
 * scope (a company, a person in a company, an invitation, a user); the key is stored wrapped by
 * a key derived from SERVER_KEY, next to the read models and never in the event store. Deleting
 * a key erases, at once, every value it sealed in every copy of the history.
 */
export interface StoredDataKey {
  /** Random: stored with every value the key sealed, so a later key of the same scope is never mistaken for it. */
  keyId: string;
  /** The scope's canonical name. Writers reuse a scope's live key; two that raced may leave two. */
  scope: string;
  /** Destroyed with this company (null: a user's own key). */
  companyId: string | null;
  /** Destroyed with this user (null: company data, or an invitation nobody has answered). */
  userId: string | null;
  /** The key, encrypted by the key-wrapping key (base64url). */
  wrapped: string;
}

/** A scope a writer needs a key for, with the owners a new key gets. */
export interface ScopeRequest {
  scope: string;
  companyId: string | null;
  userId: string | null;
}

export interface DataKeyStore {
  /**
   * A live key of each of these scopes (scopes without one are left out). A request naming a user
   * for a key that has none ties the scope's keys to that user: an invitation answered by them.
   */
  live(requests: ScopeRequest[]): Promise<StoredDataKey[]>;
  /**
   * Adds the keys and returns a live key for each of their scopes: the one added, or, in a store
   * that keeps one key per scope (MongoDB), the one a concurrent writer added first. A key
   * returned is stored, or (the embedded file, when the events share its connection) owed ahead
   * of every append made after this returns, which commits with it or after it.
   */
  add(keys: StoredDataKey[]): Promise<StoredDataKey[]>;
  /** The keys among these ids that still exist; an id missing here was destroyed. */
  find(keyIds: string[]): Promise<StoredDataKey[]>;
  /**
   * One key the store holds (the first added), or null when it holds none: start-up unwraps it
   * to check that SERVER_KEY is the key this store's keys were wrapped with.
   */
  anyKey(): Promise<StoredDataKey | null>;
  /**
   * Destroys every key of the company, for good (no copy stays in the store's files), and
   * remembers that the company was erased; returns how many keys went.
   */
  destroyCompanyKeys(companyId: string): Promise<number>;
  /** Destroys every key of the user in every company, and their own, and remembers the user was erased. */
  destroyUserKeys(userId: string): Promise<number>;
  /**
   * Whether a key tied to this user is stored (or owed): a member's, an actor's (staff included),
   * an invitation they answered, their own. That is personal data of theirs an erasure would
   * destroy, whether or not they ever joined a company.
   */
  holdsKeysOf(userId: string): Promise<boolean>;
  /**
   * Which of these companies and users were erased. Values stored before encryption (no key to
   * destroy) read as erased by this (docs/personal-data.md).
   */
  erasedAmong(asked: Erased): Promise<Erased>;
}

/** Companies and users, by id. */
export interface Erased {
  companyIds: string[];
  userIds: string[];
}
