import { GroupCommit, type GroupParticipant, type SqliteDatabase } from '@tenancy/sqlite';
import type { DataKeyStore, Erased, ScopeRequest, StoredDataKey } from './data-key-store.port';

interface Row { scope: string; key_id: string; company_id: string | null; user_id: string | null; wrapped: string }

export interface SqliteDataKeyStoreOptions {
  /**
   * The events are appended through this same connection (a SqliteEventStore on it). A key added
   * is then written at the start of the next group commit, which is where every append made
   * after `add` returns lands too, or later: `add` returns at once, and the key costs no write of
   * its own. Without it (events in EventStoreDB), `add` returns once the key has committed.
   */
  eventsOnThisConnection?: boolean;
}

/** The table before a scope could hold more than one key (a racing writer's insert was dropped), keyed by scope. */
const ONE_KEY_PER_SCOPE = /scope\s+TEXT\s+PRIMARY\s+KEY/i;

/**
 * A key's row goes at the end of the table; it is found by company and scope (a scope names its
 * company, if any), by id (readers), and by user. Three indexes: each key added writes a page
 * in each, so there is no fourth (a scope primary key besides the company's index).
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS data_keys (
    key_id TEXT NOT NULL UNIQUE, scope TEXT NOT NULL, company_id TEXT, user_id TEXT, wrapped TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS data_keys_company ON data_keys (company_id, scope);
  CREATE INDEX IF NOT EXISTS data_keys_user ON data_keys (user_id);
  CREATE TABLE IF NOT EXISTS data_key_erasures (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;`;

/**
 * Data keys in the embedded file. Keys are written in the connection's group commit
 * (GroupCommit), at its start: with the events that need them when those share the
 * connection. A key owed stays owed until a group commits it, so no later append commits
 * without it. Every key added is kept: two writers that made a key for the same scope at once
 * both keep theirs (each sealed values with it), and both go with their company or user.
 *
 * A destroyed key must not linger in the file's free pages or in the write-ahead log, where the
 * wrapped bytes and SERVER_KEY (also in DATA_DIR) would bring it back: the connection deletes
 * securely (openDatabase sets `secure_delete`), and every destruction ends with a checkpoint
 * that empties the log.
 */
export class SqliteDataKeyStore implements DataKeyStore {
  private readonly statements;
  private readonly tie;
  private readonly destroy: (kind: 'company' | 'user', id: string) => number;
  private readonly group: GroupCommit;
  /** Keys added and not yet committed, by id: written at the start of every group until one commits. */
  private readonly owed = new Map<string, StoredDataKey>();
  private readonly writeOwed: GroupParticipant;

  constructor(private readonly db: SqliteDatabase, private readonly options: SqliteDataKeyStoreOptions = {}) {
    migrateToKeysPerScope(db);
    db.exec(SCHEMA);
    this.statements = {
      // The first added, when writers raced and left two.
      byScope: db.prepare<[string | null, string], Row>('SELECT * FROM data_keys WHERE company_id IS ? AND scope = ? ORDER BY rowid LIMIT 1'),
      byId: db.prepare<[string], Row>('SELECT * FROM data_keys WHERE key_id IN (SELECT value FROM json_each(?))'),
      first: db.prepare<[], Row>('SELECT * FROM data_keys ORDER BY rowid LIMIT 1'),
      tie: db.prepare<[string, string | null, string]>('UPDATE data_keys SET user_id = ? WHERE company_id IS ? AND scope = ? AND user_id IS NULL'),
      // A key already there is this same key, owed again after a group that failed.
      insert: db.prepare<[string, string, string | null, string | null, string]>(
        'INSERT INTO data_keys (key_id, scope, company_id, user_id, wrapped) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      destroyCompany: db.prepare<[string]>('DELETE FROM data_keys WHERE company_id = ?'),
      destroyUser: db.prepare<[string]>('DELETE FROM data_keys WHERE user_id = ?'),
      anyOfUser: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM data_keys WHERE user_id = ? LIMIT 1'),
      markErased: db.prepare<[string, string]>('INSERT INTO data_key_erasures (kind, id) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      erasedAmong: db.prepare<[string, string], { id: string }>(
        'SELECT id FROM data_key_erasures WHERE kind = ? AND id IN (SELECT value FROM json_each(?))'),
    };
    this.destroy = db.transaction((kind: 'company' | 'user', id: string) => {
      this.statements.markErased.run(kind, id);
      return (kind === 'company' ? this.statements.destroyCompany : this.statements.destroyUser).run(id).changes;
    });
    this.tie = db.transaction((ties: ScopeRequest[]) => {
      for (const { userId, companyId, scope } of ties) this.statements.tie.run(userId!, companyId, scope);
    });
    this.group = GroupCommit.of(db);
    this.writeOwed = {
      begin: () => {
        for (const k of this.owed.values()) this.statements.insert.run(k.keyId, k.scope, k.companyId, k.userId, k.wrapped);
      },
      // Nothing runs between a group's start and its commit: what was owed then is what it wrote.
      committed: () => this.owed.clear(),
    };
    this.group.join(this.writeOwed);
  }

  async live(requests: ScopeRequest[]): Promise<StoredDataKey[]> {
    const found: StoredDataKey[] = [];
    const ties: ScopeRequest[] = [];
    for (const request of requests) {
      const owed = this.owedFor(request);
      const row = owed ? null : this.statements.byScope.get(request.companyId, request.scope);
      const key = owed ?? (row && toKey(row));
      if (!key) continue;
      if (request.userId !== null && key.userId === null) {
        key.userId = request.userId;
        if (!owed) ties.push(request);
      }
      found.push(owed ? { ...owed } : key);
    }
    if (ties.length > 0) this.tie(ties);
    return found;
  }

  /** Every key is kept (see the class): the answer is the keys as given. */
  async add(keys: StoredDataKey[]): Promise<StoredDataKey[]> {
    if (keys.length === 0) return [];
    for (const key of keys) this.owed.set(key.keyId, { ...key });
    if (this.options.eventsOnThisConnection) this.group.schedule();
    else await this.group.write(() => undefined);
    return keys;
  }

  async find(keyIds: string[]): Promise<StoredDataKey[]> {
    if (keyIds.length === 0) return [];
    const stored = this.statements.byId.all(JSON.stringify(keyIds)).map(toKey);
    if (!this.options.eventsOnThisConnection || this.owed.size === 0) return stored;
    // Never both: a group writes the owed keys and clears them in one go.
    return [...stored, ...keyIds.flatMap((id) => (this.owed.has(id) ? [{ ...this.owed.get(id)! }] : []))];
  }

  async anyKey(): Promise<StoredDataKey | null> {
    const row = this.statements.first.get();
    if (row) return toKey(row);
    const [owed] = this.owed.values();
    return owed ? { ...owed } : null;
  }

  async destroyCompanyKeys(companyId: string): Promise<number> {
    const owed = this.forgetOwed((key) => key.companyId === companyId);
    return owed + this.destroyed(this.destroy('company', companyId));
  }

  async destroyUserKeys(userId: string): Promise<number> {
    const owed = this.forgetOwed((key) => key.userId === userId);
    return owed + this.destroyed(this.destroy('user', userId));
  }

  async holdsKeysOf(userId: string): Promise<boolean> {
    for (const key of this.owed.values()) if (key.userId === userId) return true;
    return this.statements.anyOfUser.get(userId) !== undefined;
  }

  async erasedAmong({ companyIds, userIds }: Erased): Promise<Erased> {
    const among = (kind: string, ids: string[]) =>
      ids.length === 0 ? [] : this.statements.erasedAmong.all(kind, JSON.stringify(ids)).map((row) => row.id);
    return { companyIds: among('company', companyIds), userIds: among('user', userIds) };
  }

  /**
   * An owed key of the scope, when the events share the connection: as good as stored, since no
   * event sealed with it commits before it. Otherwise the key is stored only once `add` returns.
   */
  private owedFor({ scope, companyId }: ScopeRequest): StoredDataKey | undefined {
    if (!this.options.eventsOnThisConnection) return undefined;
    for (const key of this.owed.values()) if (key.scope === scope && key.companyId === companyId) return key;
    return undefined;
  }

  /**
   * A key owed and not yet written goes with its owner's erasure too: what was sealed with it
   * then reads as erased.
   */
  private forgetOwed(owned: (key: StoredDataKey) => boolean): number {
    const before = this.owed.size;
    for (const [keyId, key] of this.owed) if (owned(key)) this.owed.delete(keyId);
    return before - this.owed.size;
  }

  /** The deleted rows are zeroed in the file; this takes their old pages out of the log too. */
  private destroyed(count: number): number {
    if (count > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return count;
  }
}

/**
 * Rebuilds a table from before keys per scope (the scope its primary key) as the table is now; its
 * rows are kept. Checked again under the write lock: another process may have just done it.
 */
function migrateToKeysPerScope(db: SqliteDatabase): void {
  const oneKeyPerScope = () => ONE_KEY_PER_SCOPE.test(
    db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'data_keys'").get()?.sql ?? '');
  if (!oneKeyPerScope()) return;
  db.transaction(() => {
    if (!oneKeyPerScope()) return;
    // The old indexes keep their names on the renamed table: dropped first, so SCHEMA makes them anew.
    db.exec('ALTER TABLE data_keys RENAME TO data_keys_one_per_scope; DROP INDEX IF EXISTS data_keys_company; DROP INDEX IF EXISTS data_keys_user;');
    db.exec(SCHEMA);
    db.exec(`INSERT INTO data_keys (key_id, scope, company_id, user_id, wrapped)
      SELECT key_id, scope, company_id, user_id, wrapped FROM data_keys_one_per_scope;
      DROP TABLE data_keys_one_per_scope;`);
  }).immediate();
}

function toKey(row: Row): StoredDataKey {
  return { scope: row.scope, keyId: row.key_id, companyId: row.company_id, userId: row.user_id, wrapped: row.wrapped };
}
