import type { SqliteDatabase } from '@tenancy/sqlite';
import type { ListCursors } from '../cursor';
import { sqliteFence, type SqliteFence } from '../sqlite/sqlite-fence';
import type {
  DeliveryPage, DeliveryStatus, NewDelivery, RecordedAttempt, WebhookDelivery, WebhookDeliveryStore,
} from './webhook-delivery-store.port';
import { decodeSequence, encodeSequence, failingSpells } from './webhook-delivery-store.port';

/**
 * A rowid table, the delivery id a unique index beside it: a delivery's row (its body and attempts,
 * a few hundred bytes) is too large for a WITHOUT ROWID table, where the rows are the primary key's
 * B-tree, and scheduling and recording each cost about twice as much in one
 * (docs/adr/0010-webhook-delivery-throughput.md). Each endpoint's deliveries are read in order
 * through `order`, what it is owed through `pending`, which holds only what is owed: finding the
 * endpoints with work, their next messages and what to cancel stays as cheap however many
 * delivered messages the table keeps.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS webhook_deliveries (
    delivery_id TEXT NOT NULL UNIQUE, webhook_id TEXT NOT NULL, company_id TEXT NOT NULL, message_id TEXT NOT NULL,
    event_type TEXT NOT NULL, sequence TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL, created_at TEXT NOT NULL, attempts TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS webhook_deliveries_order ON webhook_deliveries (webhook_id, sequence);
  CREATE INDEX IF NOT EXISTS webhook_deliveries_pending ON webhook_deliveries (webhook_id, sequence) WHERE status = 'pending';
  CREATE TABLE IF NOT EXISTS webhook_endpoint_health (webhook_id TEXT PRIMARY KEY, failing_since TEXT) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS webhook_checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL) WITHOUT ROWID;`;

const COLUMNS = 'delivery_id, webhook_id, company_id, message_id, event_type, sequence, body, status, next_attempt_at, created_at, attempts';

/**
 * A delivery's row as an array, in COLUMNS' order: rows read as arrays (better-sqlite3's `raw()`)
 * cost about half as much to read as rows read as objects (a page of the queue is 64 rows).
 */
type Row = [
  deliveryId: string, webhookId: string, companyId: string, messageId: string, eventType: string, sequence: string,
  body: string, status: DeliveryStatus, nextAttemptAt: string, createdAt: string, attempts: string,
];

/**
 * Deliveries in the embedded file; each endpoint's pending ones are read in order through one
 * index. Every write runs in one transaction with the file's writer fence (sqlite-fence.ts).
 */
export class SqliteWebhookDeliveryStore implements WebhookDeliveryStore {
  private readonly statements;
  private readonly fence: SqliteFence;
  private readonly enqueueAll: (deliveries: NewDelivery[], epoch?: number) => void;
  private readonly attemptsInTransaction: (attempts: RecordedAttempt[], epoch?: number) => Map<string, string | null>;
  private readonly cancelInTransaction: (webhookId: string, before: string, epoch?: number) => number;
  private readonly saveInTransaction: (name: string, position: bigint, epoch?: number) => void;

  /** `cursors` signs the cursors of the deliveries lists and reads only those. */
  constructor(db: SqliteDatabase, private readonly cursors: ListCursors) {
    migrateToRowidTable(db);
    db.exec(SCHEMA);
    this.fence = sqliteFence(db);
    this.statements = {
      insert: db.prepare(`INSERT OR IGNORE INTO webhook_deliveries (${COLUMNS})
        VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, '[]')`),
      // Each endpoint once, hopping from one to the next in the pending index: DISTINCT read every
      // pending entry on every poll (15 ms at 300,000 owed to an endpoint that is down; this, 0.6).
      pendingEndpoints: db.prepare<[], { webhook_id: string }>(`WITH RECURSIVE owed (webhook_id) AS (
          SELECT min(webhook_id) FROM webhook_deliveries WHERE status = 'pending'
          UNION ALL
          SELECT (SELECT min(webhook_id) FROM webhook_deliveries WHERE status = 'pending' AND webhook_id > owed.webhook_id)
          FROM owed WHERE webhook_id IS NOT NULL)
        SELECT webhook_id FROM owed WHERE webhook_id IS NOT NULL`),
      next: db.prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE webhook_id = ? AND status = 'pending' ORDER BY sequence LIMIT ?`).raw(),
      get: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE delivery_id = ?`).raw(),
      // A cancelled delivery stays cancelled: an attempt already under way when it was cancelled is only noted.
      // No RETURNING: it cost about a third of the statement, and the caller knows the endpoint.
      attempt: db.prepare<[string, string, string, string, string]>(`UPDATE webhook_deliveries
        SET attempts = json_insert(attempts, '$[#]', json(?)), status = CASE status WHEN 'cancelled' THEN status ELSE ? END, next_attempt_at = ?
        WHERE delivery_id = ? AND webhook_id = ?`),
      cancel: db.prepare<[string, string]>(`UPDATE webhook_deliveries SET status = 'cancelled'
        WHERE webhook_id = ? AND status = 'pending' AND sequence < ?`),
      failing: db.prepare<[string], { failing_since: string | null }>('SELECT failing_since FROM webhook_endpoint_health WHERE webhook_id = ?'),
      health: db.prepare<[string, string | null]>(`INSERT INTO webhook_endpoint_health (webhook_id, failing_since) VALUES (?, ?)
        ON CONFLICT(webhook_id) DO UPDATE SET failing_since = excluded.failing_since`),
      list: db.prepare<[string, string | null, string | null, string | null, string | null, number], Row>(`SELECT ${COLUMNS} FROM webhook_deliveries
        WHERE webhook_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR sequence < ?) ORDER BY sequence DESC LIMIT ?`).raw(),
      load: db.prepare<[string], { position: string }>('SELECT position FROM webhook_checkpoints WHERE name = ?'),
      save: db.prepare(`INSERT INTO webhook_checkpoints (name, position) VALUES (?, ?)
        ON CONFLICT(name) DO UPDATE SET position = excluded.position`),
    };
    this.enqueueAll = db.transaction((deliveries: NewDelivery[], epoch?: number) => {
      this.fence(epoch);
      for (const d of deliveries) {
        this.statements.insert.run(d.deliveryId, d.webhookId, d.companyId, d.messageId, d.eventType, d.sequence, d.body, d.nextAttemptAt, d.createdAt);
      }
    });
    this.attemptsInTransaction = db.transaction((attempts: RecordedAttempt[], epoch?: number) => {
      this.fence(epoch);
      const made = attempts.filter(({ deliveryId, webhookId, attempt, outcome }) =>
        this.statements.attempt.run(JSON.stringify(attempt), outcome.status, outcome.nextAttemptAt, deliveryId, webhookId).changes > 0);
      const spells = failingSpells(made, (webhookId) => this.statements.failing.get(webhookId)?.failing_since ?? null);
      for (const [webhookId, failingSince] of spells) this.statements.health.run(webhookId, failingSince);
      return spells;
    });
    this.cancelInTransaction = db.transaction((webhookId: string, before: string, epoch?: number) => {
      this.fence(epoch);
      return this.statements.cancel.run(webhookId, before).changes;
    });
    this.saveInTransaction = db.transaction((name: string, position: bigint, epoch?: number) => {
      this.fence(epoch);
      this.statements.save.run(name, position.toString());
    });
  }

  async enqueue(deliveries: NewDelivery[], epoch?: number): Promise<void> {
    if (deliveries.length > 0) this.enqueueAll(deliveries, epoch);
  }

  async endpointsWithPending(): Promise<string[]> {
    return this.statements.pendingEndpoints.all().map((row) => row.webhook_id);
  }

  async nextPending(webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    return this.statements.next.all(webhookId, limit).map(fromRow);
  }

  async get(deliveryId: string): Promise<WebhookDelivery | null> {
    const row = this.statements.get.get(deliveryId);
    return row ? fromRow(row) : null;
  }

  async recordAttempts(attempts: RecordedAttempt[], epoch?: number): Promise<Map<string, string | null>> {
    return attempts.length > 0 ? this.attemptsInTransaction(attempts, epoch) : new Map();
  }

  async cancelPending(webhookId: string, before: string, epoch?: number): Promise<number> {
    return this.cancelInTransaction(webhookId, before, epoch);
  }

  async list(webhookId: string, { status, limit, cursor }: { status?: DeliveryStatus; limit: number; cursor?: string }): Promise<DeliveryPage> {
    const after = cursor === undefined ? null : decodeSequence(this.cursors, { webhookId, status }, cursor);
    const rows = this.statements.list.all(webhookId, status ?? null, status ?? null, after, after, limit + 1);
    const items = rows.slice(0, limit).map(fromRow);
    return { items, nextCursor: rows.length > limit ? encodeSequence(this.cursors, { webhookId, status }, items[items.length - 1].sequence) : null };
  }

  async load(name: string): Promise<bigint> {
    return BigInt(this.statements.load.get(name)?.position ?? 0);
  }

  async save(name: string, position: bigint, epoch?: number): Promise<void> {
    this.saveInTransaction(name, position, epoch);
  }
}

/**
 * Rebuilds the deliveries of a file from before the rowid table (a WITHOUT ROWID table with a
 * third index, on (webhook_id, status, sequence), which the pending index made redundant); its
 * rows are kept. Checked again under the write lock: another process may have just done it.
 */
function migrateToRowidTable(db: SqliteDatabase): void {
  const withoutRowid = () => /WITHOUT\s+ROWID/i.test(
    db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'webhook_deliveries'").get()?.sql ?? '');
  if (!withoutRowid()) return;
  db.transaction(() => {
    if (!withoutRowid()) return;
    // The old indexes keep their names on the renamed table: dropped first, so SCHEMA makes them anew.
    db.exec(`ALTER TABLE webhook_deliveries RENAME TO webhook_deliveries_without_rowid;
      DROP INDEX IF EXISTS webhook_deliveries_queue; DROP INDEX IF EXISTS webhook_deliveries_order; DROP INDEX IF EXISTS webhook_deliveries_pending;`);
    db.exec(SCHEMA);
    db.exec(`INSERT INTO webhook_deliveries (${COLUMNS}) SELECT ${COLUMNS} FROM webhook_deliveries_without_rowid ORDER BY webhook_id, sequence;
      DROP TABLE webhook_deliveries_without_rowid;`);
  }).immediate();
}

function fromRow([deliveryId, webhookId, companyId, messageId, eventType, sequence, body, status, nextAttemptAt, createdAt, attempts]: Row): WebhookDelivery {
  return { deliveryId, webhookId, companyId, messageId, eventType, sequence, body, status, nextAttemptAt, createdAt, attempts: JSON.parse(attempts) };
}
