import type { KeyScope } from '@tenancy/domain';
import type { DataKeyStore, ScopeRequest, StoredDataKey } from '@tenancy/read-store';
import { scopeRequest } from './key-scopes';
import type { DataKey, KeyWrapping } from './key-wrapping';

/** Unwrapped keys kept in memory at most; unwrapping again is cheap. */
const OPENED_LIMIT = 10_000;

export interface DataKeysOptions {
  /**
   * How long a writer reuses a scope's key without asking the store again. A key destroyed by
   * another process meanwhile can still seal new values for this long: they read as erased, so
   * nothing leaks, but what was written then is lost. Destroying in this process clears it at once.
   */
  writeCacheMs?: number;
  now?: () => number;
}

/**
 * The data keys as writers and readers use them: a live key per scope (made on first use), and
 * the keys of stored values by id. Readers ask the store every time, so a key destroyed by another
 * process stops opening at once; only the unwrapping of a key the store still has is remembered.
 */
export class DataKeys {
  private readonly opened = new Map<string, DataKey>();
  private readonly forWriting = new Map<string, { stored: StoredDataKey; until: number }>();
  /** Moves on every destruction here: a lookup that began before one does not fill the cache after it. */
  private generation = 0;
  private readonly writeCacheMs: number;
  private readonly now: () => number;

  constructor(private readonly store: DataKeyStore, private readonly wrapping: KeyWrapping, options: DataKeysOptions = {}) {
    this.writeCacheMs = options.writeCacheMs ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  /** A live key for each scope, by the scope's name; scopes without one get a new one. */
  async forScopes(scopes: KeyScope[]): Promise<Map<string, DataKey>> {
    const now = this.now();
    const generation = this.generation;
    const found = new Map<string, StoredDataKey>();
    const asked = new Map<string, ScopeRequest>();
    for (const request of scopes.map(scopeRequest)) {
      const cached = this.forWriting.get(request.scope);
      // A request naming a user the key lacks goes to the store, which ties them (an answered invitation).
      if (cached && cached.until > now && (request.userId === null || cached.stored.userId !== null)) found.set(request.scope, cached.stored);
      else asked.set(request.scope, request);
    }
    if (asked.size > 0) {
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
      for (const stored of live) {
        found.set(stored.scope, stored);
        if (generation === this.generation) this.forWriting.set(stored.scope, { stored, until: now + this.writeCacheMs });
      }
    }
    return new Map([...found.values()].map((stored) => [stored.scope, this.open(stored)]));
  }

  /** The keys among these ids that still exist: a missing one was destroyed. */
  async byIds(keyIds: Iterable<string>): Promise<Map<string, DataKey>> {
    const wanted = [...new Set(keyIds)];
    if (wanted.length === 0) return new Map();
    return new Map((await this.store.find(wanted)).map((stored) => [stored.keyId, this.open(stored)]));
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
