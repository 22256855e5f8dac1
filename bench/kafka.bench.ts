import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { SqliteEventStore, type RecordedEvent } from '@tenancy/event-store';
import { HEADERS, KafkaFanOut, toKafkaMessages } from '@tenancy/messaging';
import { ListCursors, readStoreCheckpoints, SqliteReadStore } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { appendHistories } from './history';
import { report } from './report';
import { kafkaForBench } from './servers';

interface Delivery {
  rate: number;
  lagP99: number;
}

/**
 * Fan-out to Kafka: events are appended to the embedded store as fast as it takes them while
 * the publisher runs; a consumer notes when each arrives. Baseline: a raw kafkajs producer
 * sending the same messages (same batches, acks = all, idempotent) as fast as it can.
 * Lag is arrival minus append (or send) time per event.
 */
export async function benchKafka(eventCount: number): Promise<void> {
  const server = await kafkaForBench();
  if (typeof server === 'string') return console.log(`Kafka fan-out: skipped — ${server}`);
  const brokers = server.address.split(',');
  const kafka = new Kafka({ brokers, clientId: 'tenancy-bench', logLevel: logLevel.NOTHING });
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-kafka-bench-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    const events = new SqliteEventStore(db);
    const readStore = new SqliteReadStore(db, new ListCursors(randomBytes(32)));
    const sentAt = new Map<string, number>();

    // Publisher under test.
    const fanOutTopic = `bench.events.${randomUUID().slice(0, 8)}`;
    const fanOut = new KafkaFanOut(events, readStoreCheckpoints(readStore), { brokers, topic: fanOutTopic, batchSize: 500 });
    // Warm up: topic created, producer connected, a first batch acknowledged.
    await fanOut.start();
    await appendHistories(events, 20);
    const warm = await events.headPosition();
    while (fanOut.state.checkpoint < warm) await new Promise((r) => setTimeout(r, 20));
    const fanOutDelivery = await measure(kafka, fanOutTopic, eventCount, sentAt, async () => {
      const appendStarted = Date.now();
      const original = events.appendToStream.bind(events);
      events.appendToStream = async (stream, batch, expected) => {
        const now = Date.now();
        for (const event of batch) sentAt.set(event.id, now);
        return original(stream, batch, expected);
      };
      await appendHistories(events, eventCount);
      return appendStarted;
    });
    await fanOut.stop();

    // Throughput: a second publisher with a checkpoint of its own catches up on the same events,
    // already stored, as the raw producer below sends them: the live run above is paced by the appends.
    sentAt.clear();
    const backlogTopic = `bench.backlog.${randomUUID().slice(0, 8)}`;
    const backlogCheckpoint = `bench_backlog_${randomUUID().slice(0, 8)}`;
    // From where the raw producer starts too: the same events in the same requests of 500, not
    // the warm-up events besides (with 20,000 events, 41 requests against the raw producer's 40).
    await readStoreCheckpoints(readStore).save(backlogCheckpoint, warm);
    const backlog = new KafkaFanOut(events, readStoreCheckpoints(readStore), {
      brokers, topic: backlogTopic, batchSize: 500, checkpointName: backlogCheckpoint,
    });
    // The ids are known before the clock starts, as the raw producer's events are: reading them
    // in the window charged the fan-out for the bench's own read of every event.
    const backlogIds: string[] = [];
    for (let position = warm; ;) {
      const page = await events.readAll(position, 5000);
      if (page.events.length === 0) break;
      for (const event of page.events) backlogIds.push(event.id);
      position = page.nextPosition;
    }
    const fanOutBacklog = await measure(kafka, backlogTopic, eventCount, sentAt, async () => {
      const started = Date.now();
      for (const id of backlogIds) sentAt.set(id, started);
      await backlog.start();
      return started;
    });
    await backlog.stop();

    // Raw driver, same messages.
    const rawTopic = `bench.raw.${randomUUID().slice(0, 8)}`;
    await createTopic(kafka, rawTopic);
    sentAt.clear();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const recorded: RecordedEvent[][] = [];
    for (let position = warm; ;) {
      const page = await events.readAll(position, 500);
      if (page.events.length === 0) break;
      recorded.push(page.events);
      position = page.nextPosition;
    }
    const rawDelivery = await measure(kafka, rawTopic, eventCount, sentAt, async () => {
      // Every event exists from the start, as the appended ones did for the fan-out.
      const started = Date.now();
      for (const batch of recorded) for (const event of batch) sentAt.set(event.id, started);
      for (const batch of recorded) {
        const messages = batch.flatMap(toKafkaMessages);
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic: rawTopic, messages }] });
      }
      return started;
    });
    await producer.disconnect();

    console.log(`Kafka fan-out (${eventCount} events, 3 partitions, ${server.address})`);
    report('fan-out throughput, catching up', fanOutBacklog.rate, 'events/s', { name: 'raw kafkajs producer', value: rawDelivery.rate }, { ratio: 0.8 });
    console.log(`  fan-out while the events are appended: ${Math.round(fanOutDelivery.rate)} events/s (paced by the appends)`);
    report('fan-out end-to-end lag p99', fanOutDelivery.lagP99, 'ms', { name: 'raw producer', value: Math.max(rawDelivery.lagP99, 1) }, { atMost: 1 });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

async function createTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
  await admin.disconnect();
}

/** Starts a consumer, runs `produce`, and waits until `count` distinct events arrived. */
async function measure(kafka: Kafka, topic: string, count: number, sentAt: Map<string, number>, produce: () => Promise<number>): Promise<Delivery> {
  await createTopic(kafka, topic).catch(() => undefined);
  const consumer: Consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const lags: number[] = [];
  const seen = new Set<string>();
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  let lastArrival = 0;
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const message of batch.messages) {
        const id = message.headers?.[HEADERS.eventId]?.toString();
        if (!id || seen.has(id) || message.value === null || !sentAt.has(id)) continue;
        seen.add(id);
        lags.push(now - (sentAt.get(id) ?? now));
      }
      lastArrival = now;
      if (seen.size >= count) finished();
    },
  });
  await joined;
  const started = await produce();
  await done;
  await consumer.disconnect();
  lags.sort((a, b) => a - b);
  return { rate: count / ((lastArrival - started) / 1000), lagP99: lags[Math.floor(lags.length * 0.99)] };
}
