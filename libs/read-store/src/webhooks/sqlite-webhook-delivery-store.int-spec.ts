import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@tenancy/sqlite';
import { ListCursors } from '../cursor';
import { SqliteWebhookDeliveryStore } from './sqlite-webhook-delivery-store';
import { webhookDeliveryStoreContract } from './webhook-delivery-store.contract';
import { sequenceOf } from './webhook-delivery-store.port';

const cursors = new ListCursors(randomBytes(32));

webhookDeliveryStoreContract('SQLite (embedded)', async () => {
  const db = openDatabase(':memory:');
  return { store: new SqliteWebhookDeliveryStore(db, cursors), dispose: async () => { db.close(); } };
});

describe('SqliteWebhookDeliveryStore over a file from before the rowid table (WITHOUT ROWID, with a queue index)', () => {
  const T0 = '2026-11-22T10:00:00.000Z';
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'tenancy-webhook-deliveries-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The deliveries table and indexes as the store made them before. */
  function oldFile(file: string) {
    const db = openDatabase(file);
    db.exec(`CREATE TABLE webhook_deliveries (
      delivery_id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, company_id TEXT NOT NULL, message_id TEXT NOT NULL,
      event_type TEXT NOT NULL, sequence TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL,
      next_attempt_at TEXT NOT NULL, created_at TEXT NOT NULL, attempts TEXT NOT NULL) WITHOUT ROWID;
      CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (webhook_id, status, sequence);
      CREATE INDEX webhook_deliveries_order ON webhook_deliveries (webhook_id, sequence);
      CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id, sequence) WHERE status = 'pending';`);
    const insert = db.prepare('INSERT INTO webhook_deliveries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const delivered = JSON.stringify([{ at: T0, statusCode: 204, latencyMs: 3, error: null }]);
    insert.run('a.e1', 'a', 'c1', 'e1', 'MemberJoined', sequenceOf(1n), '{"n":1}', 'delivered', T0, T0, delivered);
    insert.run('a.e3', 'a', 'c1', 'e3', 'MemberJoined', sequenceOf(3n), '{"n":3}', 'pending', T0, T0, '[]');
    insert.run('a.e2', 'a', 'c1', 'e2', 'MemberJoined', sequenceOf(2n), '{"n":2}', 'pending', T0, T0, '[]');
    insert.run('b.e2', 'b', 'c1', 'e2', 'MemberJoined', sequenceOf(2n), '{"n":2}', 'cancelled', T0, T0, '[]');
    db.close();
  }
  const schemaOf = (db: ReturnType<typeof openDatabase>) =>
    db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'webhook_deliveries' AND sql IS NOT NULL ORDER BY name").all();

  it('given deliveries in the old table, when the store opens the file, then the table is rebuilt with every delivery, its attempts and its place in the queue', async () => {
    const file = join(dir, 'tenancy.sqlite');
    oldFile(file);

    const db = openDatabase(file);
    const store = new SqliteWebhookDeliveryStore(db, cursors);
    try {
      expect(schemaOf(db).map((s) => s.name)).toEqual(['webhook_deliveries', 'webhook_deliveries_order', 'webhook_deliveries_pending']);
      expect(schemaOf(db)[0].sql).not.toMatch(/WITHOUT ROWID/i);
      expect((await store.nextPending('a', 10)).map((d) => d.deliveryId)).toEqual(['a.e2', 'a.e3']);
      expect(await store.get('a.e1')).toMatchObject({ status: 'delivered', body: '{"n":1}', attempts: [{ statusCode: 204, latencyMs: 3 }] });
      expect((await store.list('b', { limit: 10 })).items.map((d) => d.status)).toEqual(['cancelled']);
      expect(await store.endpointsWithPending()).toEqual(['a']);
      // Scheduled again (a batch seen twice): still once.
      await store.enqueue([{ deliveryId: 'a.e3', webhookId: 'a', companyId: 'c1', messageId: 'e3', eventType: 'MemberJoined', sequence: sequenceOf(3n), body: '{}', nextAttemptAt: T0, createdAt: T0 }]);
      expect((await store.list('a', { limit: 10 })).items.map((d) => d.deliveryId)).toEqual(['a.e3', 'a.e2', 'a.e1']);
    } finally {
      db.close();
    }

    // Opened again (the projector beside the service): nothing to do, nothing lost.
    const again = openDatabase(file);
    try {
      expect((await new SqliteWebhookDeliveryStore(again, cursors).nextPending('a', 10)).map((d) => d.deliveryId)).toEqual(['a.e2', 'a.e3']);
    } finally {
      again.close();
    }
  });
});
