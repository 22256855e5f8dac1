import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@tenancy/event-store';
import { sendWebhook, signMessage, SignedSender, WebhookDelivery, webhookBody, webhookConnections } from '@tenancy/messaging';
import { SqliteWebhookDeliveryStore } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { request } from 'undici';
import { appendHistories } from './history';
import { report } from './report';

/**
 * Webhook delivery to a local receiver: events already in the log are scheduled, signed, sent one
 * at a time to one endpoint (its order is kept, so one in flight) and recorded, until the receiver
 * has every one. Baseline: a raw undici POST loop sending the same bodies, signed the same way,
 * one at a time, to the same receiver.
 */
export async function benchWebhooks(count: number): Promise<void> {
  let received = 0;
  let onAll: () => void = () => undefined;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => { res.writeHead(204).end(); if (++received === count) onAll(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const allReceived = () => new Promise<void>((resolve) => { onAll = resolve; });
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-webhooks-bench-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    const events = new SqliteEventStore(db);
    await appendHistories(events, count);
    const key = randomBytes(32);
    const clock = { now: () => new Date() };

    // Delivery under test: one endpoint selecting every company's events.
    const store = new SqliteWebhookDeliveryStore(db);
    const connections = webhookConnections(['127.0.0.1']);
    const sender = new SignedSender({ keysFor: async () => [key], forget: () => undefined },
      (message) => sendWebhook(message, { allowedHosts: ['127.0.0.1'], connections }), clock);
    const target = { webhookId: 'bench', companyId: '', url, eventTypes: null, enabled: true };
    const delivery = new WebhookDelivery(events, store, {
      targetsOf: async (companyId) => [{ ...target, companyId }], endpoint: async () => target,
    }, { sender, clock, readModelsAt: async () => undefined, disable: async () => undefined, pollMs: 50 });
    received = 0;
    const deliveredAll = allReceived();
    const started = performance.now();
    await delivery.start();
    await deliveredAll;
    const deliveryRate = count / ((performance.now() - started) / 1000);
    await delivery.stop();
    await connections.close(); // the baseline starts with no connection of ours open

    // Raw undici loop, same bodies and signatures.
    const bodies = (await events.readAll(0n, count + 1)).events.map((event) => ({ id: event.id, body: webhookBody(event, event.streamName.slice(8)) }));
    received = 0;
    const rawAll = allReceived();
    const rawStarted = performance.now();
    for (const { id, body } of bodies) {
      const headers = { ...signMessage([key], id, Math.floor(Date.now() / 1000), body), 'content-type': 'application/json' };
      const res = await request(url, { method: 'POST', headers, body });
      await res.body.dump();
    }
    await rawAll;
    const rawRate = bodies.length / ((performance.now() - rawStarted) / 1000);

    console.log(`Webhook delivery (${count} events to one local endpoint, one in flight)`);
    report('delivery throughput', deliveryRate, 'messages/s', { name: 'raw undici POST loop', value: rawRate }, { ratio: 0.7 });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
