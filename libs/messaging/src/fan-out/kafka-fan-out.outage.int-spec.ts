/*
 * The outage test: 10,000 events across 50 companies are appended while the publisher
 * runs; the private broker is killed (SIGKILL) in the middle and started again a few
 * seconds later. A consumer reading all along must end with every event, in revision
 * order per company once repeats are dropped. Repeats are allowed (at least once) and counted.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@tenancy/event-store';
import { ListCursors, SqliteReadStore, readStoreCheckpoints } from '@tenancy/read-store';
import { openDatabase } from '@tenancy/sqlite';
import { kafkaAvailable, startKafka, type KafkaServer } from '../../../testing/src/servers/kafka-server';
import { KafkaFanOut } from './kafka-fan-out';
import { appendToCompany, deliveryReport, kafkaClient, newEvent, startReading } from './testing/fan-out-fixtures';

jest.setTimeout(240_000);

const EVENTS = 10_000;
const COMPANIES = 50;
const PER_APPEND = 5;
const reasonToSkip = !process.env.KAFKA_BROKERS ? 'KAFKA_BROKERS is not set' : !kafkaAvailable() ? 'Kafka is not installed' : undefined;
if (reasonToSkip) process.stdout.write(`[fan-out] outage test skipped: ${reasonToSkip}\n`);

(reasonToSkip ? describe.skip : describe)('Kafka fan-out through a broker crash', () => {
  let kafka: KafkaServer;
  beforeAll(async () => { kafka = await startKafka(); });
  afterAll(async () => { await kafka?.stop(); });

  it('given the broker killed mid-stream and restarted, then every event arrives, in order per company', async () => {
    const t0 = Date.now();
    const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    const db = openDatabase(':memory:');
    const events = new SqliteEventStore(db);
    const topic = `tenancy.events.outage-${randomUUID()}`;
    const fanOut = new KafkaFanOut(events, readStoreCheckpoints(new SqliteReadStore(db, new ListCursors(randomBytes(32)))), {
      brokers: kafka.brokers, topic, batchSize: 250, backoff: { baseMs: 200, maxMs: 2000 },
    });
    const companies = Array.from({ length: COMPANIES }, () => randomUUID());
    const reader = startReading(kafkaClient(kafka.brokers, 'fan-out-outage-reader'), topic);
    await fanOut.start();

    // The writer: 5 events per append to a random company, 2 appends every 15 ms, so it is
    // still appending before, during and after the outage (about 15 s in all).
    let appended = 0;
    const writer = (async () => {
      while (appended < EVENTS) {
        for (let i = 0; i < 2 && appended < EVENTS; i += 1) {
          const company = companies[Math.floor(Math.random() * COMPANIES)];
          await appendToCompany(events, company, Array.from({ length: PER_APPEND }, (_, k) =>
            newEvent('MemberSignedIn', { companyId: company, userId: `u-${appended + k}`, email: 'x@y.example', at: 'now' })));
          appended += PER_APPEND;
        }
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();

    // Killed by the writer's progress, not the publisher's, so the kill may land mid-request.
    await until(() => appended >= 4000 && fanOut.state.messagesSent > 0, 60_000);
    const sentBeforeCrash = fanOut.state.messagesSent;
    await kafka.stopBroker('SIGKILL');
    const crashedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const appendedDuringOutage = appended;
    expect(fanOut.state.lastError).not.toBeNull(); // it noticed, and kept the batch
    await kafka.startBroker();
    const restartedAt = Date.now();
    const appendedAtRestart = appended;
    await writer;
    const head = await events.headPosition();
    await until(() => fanOut.state.checkpoint === head, 180_000);
    const publishedAt = Date.now();

    await reader.until((received) => deliveryReport(received).events >= EVENTS, 180_000);
    const caughtUpAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1000)); // late repeats, if any, count too
    const report = deliveryReport(reader.received);
    await reader.stop();
    const failedAttempts = fanOut.state.failedAttempts;
    await fanOut.stop();
    db.close();

    process.stdout.write(
      `[fan-out] ${report.events} events delivered, ${report.duplicates} duplicates ` +
      `(${reader.received.length} messages read; ${sentBeforeCrash} sent before the SIGKILL, ${appendedDuringOutage} appended by the end of the 4 s outage, ${appendedAtRestart} when the broker was back, ` +
      `broker back ${((restartedAt - crashedAt) / 1000).toFixed(1)} s after the kill, all published ${((publishedAt - restartedAt) / 1000).toFixed(1)} s and read ${((caughtUpAt - restartedAt) / 1000).toFixed(1)} s after restart, ` +
      `${failedAttempts} failed publish attempts, total ${elapsed()})\n`,
    );
    expect(report.events).toBe(EVENTS);
    expect(report.outOfOrder).toEqual([]);
    expect([...report.revisions.keys()].sort()).toEqual([...companies].sort());
    const perCompany = [...report.revisions.values()];
    expect(perCompany.every((revisions) => revisions.every((r, i) => r === i))).toBe(true);
  });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
