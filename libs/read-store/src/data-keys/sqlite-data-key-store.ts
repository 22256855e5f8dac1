import type { SqliteDatabase } from '@tenancy/sqlite';
import type { DataKeyStore, Erased, ScopeRequest, StoredDataKey } from './data-key-store.port';

interface Row { scope: string; key_id: string; company_id: string | null; user_id: string | null; wrapped: string }

interface QueuedAdd { keys: StoredDataKey[]; resolve(keys: StoredDataKey[]): void; reject(error: unknown): void }

/**
 * Data keys in the embedded file. A destroyed key must not linger in the file's free pages or in
 * the write-ahead log, where the wrapped bytes and SERVER_KEY (also in DATA_DIR) would bring it
 * back: the connection deletes securely (openDatabase sets `secure_delete`), and every destruction
 * ends with a checkpoint that empties the log.
 */
export class SqliteDataKeyStore implements DataKeyStore {
  private readonly statements;
  private readonly tie;
  private readonly insert;
  private readonly destroy: (kind: 'company' | 'user', id: string) => number;
  private queued: QueuedAdd[] = [];

  constructor(private readonly db: SqliteDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS data_keys (
      scope TEXT PRIMARY KEY, key_id TEXT NOT NULL UNIQUE, company_id TEXT, user_id TEXT, wrapped TEXT NOT NULL) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS data_keys_company ON data_keys (company_id);
      CREATE INDEX IF NOT EXISTS data_keys_user ON data_keys (user_id);
      CREATE TABLE IF NOT EXISTS data_key_erasures (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;`);
    this.statements = {
      byScope: db.prepare<[string], Row>('SELECT * FROM data_keys WHERE scope IN (SELECT value FROM json_each(?))'),
      byId: db.prepare<[string], Row>('SELECT * FROM data_keys WHERE key_id IN (SELECT value FROM json_each(?))'),
      tie: db.prepare<[string, string]>('UPDATE data_keys SET user_id = ? WHERE scope = ? AND user_id IS NULL'),
      insert: db.prepare<[string, string, string | null, string | null, string]>(
        'INSERT INTO data_keys (scope, key_id, company_id, user_id, wrapped) VALUES (?, ?, ?, ?, ?) ON CONFLICT(scope) DO NOTHING'),
      destroyCompany: db.prepare<[string]>('DELETE FROM data_keys WHERE company_id = ?'),
      destroyUser: db.prepare<[string]>('DELETE FROM data_keys WHERE user_id = ?'),
      markErased: db.prepare<[string, string]>('INSERT INTO data_key_erasures (kind, id) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      erasedAmong: db.prepare<[string, string], { id: string }>(
        'SELECT id FROM data_key_erasures WHERE kind = ? AND id IN (SELECT value FROM json_each(?))'),
    };
    this.destroy = db.transaction((kind: 'company' | 'user', id: string) => {
      this.statements.markErased.run(kind, id);
      return (kind === 'company' ? this.statements.destroyCompany : this.statements.destroyUser).run(id).changes;
    });
    this.tie = db.transaction((ties: [string, string][]) => { for (const [userId, scope] of ties) this.statements.tie.run(userId, scope); });
    /** The keys that went in; a scope that had a key keeps it (its writer read it back after). */
    this.insert = db.transaction((keys: StoredDataKey[]) =>
      keys.filter((k) => this.statements.insert.run(k.scope, k.keyId, k.companyId, k.userId, k.wrapped).changes === 1));
  }

  async live(requests: ScopeRequest[]): Promise<StoredDataKey[]> {
    if (requests.length === 0) return [];
    const found = this.byScope(requests.map((r) => r.scope));
    const ties = requests.flatMap((r) => {
      const key = found.get(r.scope);
      return key && r.userId !== null && key.userId === null ? [[r.userId, r.scope] as [string, string]] : [];
    });
    if (ties.length > 0) {
      this.tie(ties);
      for (const [userId, scope] of ties) found.set(scope, { ...found.get(scope)!, userId });
    }
    return [...found.values()];
  }

  /** Keys added in the same event-loop turn commit together, as appends do (SqliteEventStore): one write for all. */
  add(keys: StoredDataKey[]): Promise<StoredDataKey[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queued.push({ keys, resolve, reject });
      if (this.queued.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  private commitQueued(): void {
    const adds = this.queued;
    this.queued = [];
    let inserted: Set<StoredDataKey>;
    try {
      inserted = new Set(this.insert(adds.flatMap((add) => add.keys)));
    } catch (error) {
      for (const add of adds) add.reject(error);
      return;
    }
    for (const add of adds) {
      const lost = add.keys.filter((k) => !inserted.has(k));
      add.resolve([...add.keys.filter((k) => inserted.has(k)), ...(lost.length ? this.byScope(lost.map((k) => k.scope)).values() : [])]);
    }
  }

  async find(keyIds: string[]): Promise<StoredDataKey[]> {
    if (keyIds.length === 0) return [];
    return this.statements.byId.all(JSON.stringify(keyIds)).map(toKey);
  }

  async destroyCompanyKeys(companyId: string): Promise<number> {
    return this.destroyed(this.destroy('company', companyId));
  }

  async destroyUserKeys(userId: string): Promise<number> {
    return this.destroyed(this.destroy('user', userId));
  }

  async erasedAmong({ companyIds, userIds }: Erased): Promise<Erased> {
    const among = (kind: string, ids: string[]) =>
      ids.length === 0 ? [] : this.statements.erasedAmong.all(kind, JSON.stringify(ids)).map((row) => row.id);
    return { companyIds: among('company', companyIds), userIds: among('user', userIds) };
  }

  private byScope(scopes: string[]): Map<string, StoredDataKey> {
    return new Map(this.statements.byScope.all(JSON.stringify(scopes)).map((row) => [row.scope, toKey(row)]));
  }

  /** The deleted rows are zeroed in the file; this takes their old pages out of the log too. */
  private destroyed(count: number): number {
    if (count > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return count;
  }
}

function toKey(row: Row): StoredDataKey {
  return { scope: row.scope, keyId: row.key_id, companyId: row.company_id, userId: row.user_id, wrapped: row.wrapped };
}
