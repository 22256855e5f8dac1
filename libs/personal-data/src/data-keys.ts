import type { DataKeyStore, Erased, ScopeRequest, StoredDataKey } from '@tenancy/read-store';
import type { DataKey, KeyWrapping } from './key-wrapping';

/** Unwrapped keys kept in memory at most; unwrapping again is cheap. */
const OPENED_LIMIT = 10_000;

export interface DataKeysOptions {
  /**
   * How long a key found in the store is used without asking it again (default 2 s). Destroying
   * keys in this process forgets them at once; a key destroyed by another process (the projector)
   * still opens here for at most this long, and can still seal new values, which then read as
   * erased: nothing leaks, but what was written in that window is lost.
   */
  cacheMs?: number;
  now?: () => number;
}

/**
 * The data keys as writers and readers use them: a live key per scope (made on first use), and
 * the keys of stored values by id. A key id the store no longer has is remembered as destroyed
 * for good: ids are random, so it never comes back.
 */
export class DataKeys {
  private readonly opened = new Map<string, DataKey>();
  private readonly forWriting = new Map<string, { stored: StoredDataKey; until: number }>();
  private readonly forReading = new Map<string, { stored: StoredDataKey; until: number }>();
  private readonly destroyed = new Set<string>();
  private readonly erasedOwners = new Set<string>();
  /** Moves on every destruction here: a lookup that began before one does not fill a cache after it. */
  private generation = 0;
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly store: DataKeyStore, private readonly wrapping: KeyWrapping, options: DataKeysOptions = {}) {
    this.cacheMs = options.cacheMs ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * A live key for each scope asked (scopeRequest), by the scope's name; scopes without one get a
   * new one. Every append with personal data asks: a scope whose key is kept costs a lookup here.
   */
  async forScopes(requests: ScopeRequest[]): Promise<Map<string, DataKey>> {
    const now = this.now();
    const generation = this.generation;
    const keys = new Map<string, DataKey>();
    let asked: Map<string, ScopeRequest> | undefined;
    for (const request of requests) {
      if (keys.has(request.scope)) continue;
      const cached = this.forWriting.get(request.scope);
      // A request naming a user the key lacks goes to the store, which ties them (an answered invitation).
      if (cached && cached.until > now && (request.userId === null || cached.stored.userId !== null)) keys.set(request.scope, this.open(cached.stored));
      else (asked ??= new Map()).set(request.scope, request);
    }
    if (!asked) return keys;
    const live = await this.store.live([...asked.values()]);
    const missing = [...asked.values()].filter((request) => !live.some((key) => key.scope === request.scope));
    if (missing.length > 0) {
      live.push(...await this.store.add(missing.map((request) => {
        const made = this.wrapping.newKey();
        this.remember(made);
        return { ...request, keyId: made.keyId, wrapped: this.wrapping.wrap(made) };
      })));
    }
    if (this.forWriting.size >= OPENED_LIMIT) this.forWriting.clear();
    if (this.forReading.size >= OPENED_LIMIT) this.forReading.clear();
    for (const stored of live) {
      keys.set(stored.scope, this.open(stored));
      if (generation !== this.generation) continue;
      const found = { stored, until: now + this.cacheMs };
      this.forWriting.set(stored.scope, found);
      // What is sealed with it now is read back soon (the next command on the stream): no lookup then.
      this.forReading.set(stored.keyId, found);
    }
    return keys;
  }

  /** The keys among these ids that still exist: a missing one was destroyed. */
  async byIds(keyIds: Iterable<string>): Promise<Map<string, DataKey>> {
    const now = this.now();
    const generation = this.generation;
    const found = new Map<string, DataKey>();
    const asked: string[] = [];
    for (const keyId of new Set(keyIds)) {
      if (this.destroyed.has(keyId)) continue;
      const cached = this.forReading.get(keyId);
      if (cached && cached.until > now) found.set(keyId, this.open(cached.stored));
      else asked.push(keyId);
    }
    if (asked.length === 0) return found;
    const live = new Map((await this.store.find(asked)).map((stored) => [stored.keyId, stored]));
    // The store's answer stands for this read; only a lookup no destruction here overtook is remembered.
    const remember = generation === this.generation;
    if (this.forReading.size >= OPENED_LIMIT) this.forReading.clear();
    if (this.destroyed.size >= OPENED_LIMIT) this.destroyed.clear();
    for (const keyId of asked) {
      const stored = live.get(keyId);
      if (!stored) {
        if (remember) this.destroyed.add(keyId);
        continue;
      }
      if (remember) this.forReading.set(keyId, { stored, until: now + this.cacheMs });
      found.set(keyId, this.open(stored));
    }
    return found;
  }

  /** Which of these companies and users were erased (for values stored before encryption); an erasure is for good. */
  async erasedAmong({ companyIds, userIds }: Erased): Promise<Erased> {
    const known = (kind: string, ids: string[]) => ids.filter((id) => this.erasedOwners.has(`${kind}:${id}`));
    const unknown = (kind: string, ids: string[]) => [...new Set(ids)].filter((id) => !this.erasedOwners.has(`${kind}:${id}`));
    const asked = { companyIds: unknown('company', companyIds), userIds: unknown('user', userIds) };
    if (asked.companyIds.length + asked.userIds.length > 0) {
      const found = await this.store.erasedAmong(asked);
      if (this.erasedOwners.size >= OPENED_LIMIT) this.erasedOwners.clear();
      for (const id of found.companyIds) this.erasedOwners.add(`company:${id}`);
      for (const id of found.userIds) this.erasedOwners.add(`user:${id}`);
    }
    return { companyIds: known('company', companyIds), userIds: known('user', userIds) };
  }

  /**
   * Whether this process's key-wrapping key (from SERVER_KEY) opens the keys in the store: false
   * when a stored key does not unwrap, because another SERVER_KEY wrapped it. Start-up asks, so a
   * wrong key stops it there rather than failing every later read of personal data.
   */
  async opensStoredKeys(): Promise<boolean> {
    const stored = await this.store.anyKey();
    if (!stored) return true;
    try {
      this.wrapping.unwrap(stored.keyId, stored.wrapped);
      return true;
    } catch {
      return false;
    }
  }

  /** Whether the store holds a key tied to this user (an erasure would destroy something). */
  holdsKeysOf(userId: string): Promise<boolean> {
    return this.store.holdsKeysOf(userId);
  }

  async destroyCompanyKeys(companyId: string): Promise<number> {
    this.forget();
    return this.store.destroyCompanyKeys(companyId);
  }

  async destroyUserKeys(userId: string): Promise<number> {
    this.forget();
    return this.store.destroyUserKeys(userId);
  }

  private forget(): void {
    this.generation += 1;
    this.opened.clear();
    this.forWriting.clear();
    this.forReading.clear();
  }

  private open(stored: StoredDataKey): DataKey {
    return this.opened.get(stored.keyId) ?? this.remember(this.wrapping.unwrap(stored.keyId, stored.wrapped));
  }

  private remember(key: DataKey): DataKey {
    if (this.opened.size >= OPENED_LIMIT) this.opened.clear();
    this.opened.set(key.keyId, key);
    return key;
  }
}
