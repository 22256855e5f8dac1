import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@tenancy/event-store';
import { sendWebhook, signMessage, SignedSender, WebhookDelivery, webhookBody, webhookConnections } from '@tenancy/messaging';
import { ListCursors, SqliteWebhookDeliveryStore } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { request } from 'undici';
import { appendHistories } from './history';
import { report } from './report';

/** A local receiver answering 204; `until(n)` resolves once it has had n more messages. */
async function localReceiver() {
  let received = 0;
  let target = Infinity;
  let onAll: () => void = () => undefined;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => { res.writeHead(204).end(); if (++received === target) onAll(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    until(count: number) {
      received = 0;
      target = count;
      return new Promise<void>((resolve) => { onAll = resolve; });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Webhook delivery to a local receiver: events already in the log are scheduled, signed, sent one
 * at a time to one endpoint (its order is kept, so one in flight) and recorded, until the receiver
 * has every one. Baseline: a raw undici POST loop sending the same bodies, signed the same way,
 * one at a time, to the same receiver.
 *
 * Both run once untimed first, then in ROUNDS rounds, each a back-to-back pair; the figure is the
 * pair whose ratio is the median one. Rates from different rounds are not paired: the medians of
 * the two columns taken apart matched one round's delivery against another's raw loop, and read
 * 0.63× in a run whose three pairs were 0.55×, 0.76× and 0.73× (the raw loop's CPU a message went
 * from 130 µs to 88 µs between rounds). A long-running process is what is measured: the CPU time of a delivered message kept
 * falling over the first few thousand (JIT), and on the shared 2-core machine a single
 * back-to-back pair swung from 0.24× to 0.85× with the other workers' load
 * (docs/adr/0010-webhook-delivery-throughput.md).
 */
export async function benchWebhooks(count: number): Promise<void> {
  const receiver = await localReceiver();
  try {
    await deliveryAgainstRaw(receiver, count);
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) rounds.push(await deliveryAgainstRaw(receiver, count));
    console.log(`Webhook delivery (${count} events to one local endpoint, one in flight; the median of ${ROUNDS} paired rounds after an untimed one)`);
    console.log(`  rounds: ${rounds.map((r) => `${ratioOf(r).toFixed(2)}×`).join(', ')}`);
    // CPU time a message (this process, all threads): less disturbed by the other workers' load than the rates.
    console.log(`  CPU a message, delivery / raw loop: ${rounds.map((r) => `${r.deliveryCpuUs.toFixed(0)} / ${r.rawCpuUs.toFixed(0)} µs`).join(', ')}`);
    const middle = medianRound(rounds);
    report('delivery throughput', middle.deliveryRate, 'messages/s', { name: 'raw undici POST loop, same round', value: middle.rawRate }, { ratio: 0.7 });
  } finally {
    await receiver.close();
  }
}

const ROUNDS = Number(process.env.BENCH_WEBHOOK_ROUNDS ?? 5);
const ratioOf = (round: Round) => round.deliveryRate / round.rawRate;
const medianRound = (rounds: Round[]) => [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(rounds.length / 2)];

interface Round { deliveryRate: number; rawRate: number; deliveryCpuUs: number; rawCpuUs: number }
const cpuUsSince = (start: NodeJS.CpuUsage) => { const { user, system } = process.cpuUsage(start); return user + system; };

async function deliveryAgainstRaw(receiver: Awaited<ReturnType<typeof localReceiver>>, count: number): Promise<Round> {
  const { url } = receiver;
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-webhooks-bench-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    const events = new SqliteEventStore(db);
    await appendHistories(events, count);
    const key = randomBytes(32);
    const clock = { now: () => new Date() };

    // Delivery under test: one endpoint selecting every company's events.
    const store = new SqliteWebhookDeliveryStore(db, new ListCursors(randomBytes(32)));
    const connections = webhookConnections(['127.0.0.1']);
    const sender = new SignedSender({ keysFor: async () => [key], forget: () => undefined },
      (message) => sendWebhook(message, { allowedHosts: ['127.0.0.1'], connections }), clock);
    const target = { webhookId: 'bench', companyId: '', url, eventTypes: null, enabled: true };
    const delivery = new WebhookDelivery(events, store, {
      targetsOf: async (companyId) => [{ ...target, companyId }], endpoint: async () => target,
    }, { sender, clock, readModelsAt: async () => undefined, disable: async () => undefined, pollMs: 50 });
    const deliveredAll = receiver.until(count);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await delivery.start();
    await deliveredAll;
    const deliveryRate = count / ((performance.now() - started) / 1000);
    const deliveryCpuUs = cpuUsSince(cpu) / count;
    await delivery.stop();
    await connections.close(); // the baseline starts with no connection of ours open

    // Raw undici loop, same bodies and signatures.
    const bodies = (await events.readAll(0n, count + 1)).events.map((event) => ({ id: event.id, body: webhookBody(event, event.streamName.slice(8)) }));
    const rawAll = receiver.until(bodies.length);
    const rawCpu = process.cpuUsage();
    const rawStarted = performance.now();
    for (const { id, body } of bodies) {
      const headers = { ...signMessage([key], id, Math.floor(Date.now() / 1000), body), 'content-type': 'application/json' };
      const res = await request(url, { method: 'POST', headers, body });
      await res.body.dump();
    }
    await rawAll;
    const rawRate = bodies.length / ((performance.now() - rawStarted) / 1000);
    return { deliveryRate, rawRate, deliveryCpuUs, rawCpuUs: cpuUsSince(rawCpu) / bodies.length };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
