import type { KeyScope } from '@tenancy/domain';
import type { DataKeyStore, StoredDataKey } from '@tenancy/read-store';
import { scopeRequest } from './key-scopes';
import type { DataKey, KeyWrapping } from './key-wrapping';

/** Unwrapped keys kept in memory at most; unwrapping again is cheap. */
const OPENED_LIMIT = 10_000;

/**
 * The data keys as writers and readers use them: a live key per scope (made on first use), and
 * the keys of stored values by id. Every use asks the store, so a key destroyed by another process
 * stops opening at once; only the unwrapping of a key the store still has is remembered.
 */
export class DataKeys {
  private readonly opened = new Map<string, DataKey>();

  constructor(private readonly store: DataKeyStore, private readonly wrapping: KeyWrapping) {}

  /** A live key for each scope, by the scope's name; scopes without one get a new one. */
  async forScopes(scopes: KeyScope[]): Promise<Map<string, DataKey>> {
    const requests = new Map(scopes.map((scope) => scopeRequest(scope)).map((request) => [request.scope, request]));
    const live = await this.store.live([...requests.values()]);
    const missing = [...requests.values()].filter((request) => !live.some((key) => key.scope === request.scope));
    if (missing.length > 0) {
      live.push(...await this.store.add(missing.map((request) => {
        const made = this.wrapping.newKey();
        return { ...request, keyId: made.keyId, wrapped: this.wrapping.wrap(made) };
      })));
    }
    return new Map(live.map((stored) => [stored.scope, this.open(stored)]));
  }

  /** The keys among these ids that still exist: a missing one was destroyed. */
  async byIds(keyIds: Iterable<string>): Promise<Map<string, DataKey>> {
    const wanted = [...new Set(keyIds)];
    if (wanted.length === 0) return new Map();
    return new Map((await this.store.find(wanted)).map((stored) => [stored.keyId, this.open(stored)]));
  }

  async destroyCompanyKeys(companyId: string): Promise<number> {
    this.opened.clear();
    return this.store.destroyCompanyKeys(companyId);
  }

  async destroyUserKeys(userId: string): Promise<number> {
    this.opened.clear();
    return this.store.destroyUserKeys(userId);
  }

  private open(stored: StoredDataKey): DataKey {
    let key = this.opened.get(stored.keyId);
    if (!key) {
      if (this.opened.size >= OPENED_LIMIT) this.opened.clear();
      key = this.wrapping.unwrap(stored.keyId, stored.wrapped);
      this.opened.set(stored.keyId, key);
    }
    return key;
  }
}
