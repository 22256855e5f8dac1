import type { EventStore } from '@tenancy/event-store';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE } from '@tenancy/platform';
import { commandTopics } from '../src/kafka/kafka-topics';
import { TestApp } from './harness';

const brokers = process.env.KAFKA_BROKERS;

/**
 * A command the operator switched off (SELF_SERVICE_COMPANIES=false) is refused over Kafka as over
 * HTTP: a rejected result with the switch's code, whatever the payload, before it is validated.
 */
if (!brokers) {
  process.stdout.write('[kafka] KAFKA_BROKERS not set — switched-off Kafka suite skipped\n');
  it.skip('A switched-off command over Kafka (KAFKA_BROKERS not set)', () => undefined);
} else {
  describe('A switched-off command over Kafka', () => {
    const prefix = `e2e-${randomUUID().slice(0, 8)}.`;
    const topics = commandTopics({ kafkaTopicPrefix: prefix });
    const kafka = new Kafka({ clientId: 'kafka-switched-off-e2e', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const seen: { topic: string; key: string | null; value: string }[] = [];
    let t: TestApp;
    let producer: Producer;
    let watcher: Consumer;

    beforeAll(async () => {
      t = await TestApp.start(undefined, { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, SELF_SERVICE_COMPANIES: 'false' });
      producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      watcher = kafka.consumer({ groupId: `${topics.groupId}-watcher` });
      await watcher.connect();
      await watcher.subscribe({ topics: [topics.results, topics.deadLetters], fromBeginning: true });
      await watcher.run({ eachMessage: async ({ topic, message }) => { seen.push({ topic, key: message.key?.toString() ?? null, value: message.value?.toString() ?? '' }); } });
    }, 60_000);

    afterAll(async () => {
      await Promise.all([watcher?.disconnect(), producer?.disconnect(), t?.stop()]);
    }, 30_000);

    async function resultOf(commandId: string) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = seen.find((m) => m.topic === topics.results && m.key === commandId);
        if (found) return JSON.parse(found.value);
        if (Date.now() > deadline) throw new Error(`no result for ${commandId} in 20 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it('given CreateOwnCompany with a good payload and with a bad one, when sent, then both are rejected 403 company.self_service_disabled, no dead letter, and nothing appended', async () => {
      const before = await t.app.get<EventStore>(EVENT_STORE).headPosition();
      const good = { commandId: randomUUID(), type: 'CreateOwnCompany', payload: { name: 'Kafka Own Shop', timezone: 'UTC', defaultLanguage: 'en' } };
      const bad = { commandId: randomUUID(), type: 'CreateOwnCompany', payload: { name: '', colour: 'red' } };
      const headers = { 'actor-user-id': 'u-kafka-off', 'actor-email': 'off@kafka.example' };

      await producer.send({ topic: topics.commands, messages: [good, bad].map((c) => ({ key: null, value: JSON.stringify(c), headers })) });

      for (const { commandId } of [good, bad]) {
        expect(await resultOf(commandId)).toMatchObject({ commandId, status: 'rejected', problem: { status: 403, code: 'company.self_service_disabled' } });
      }
      expect(seen.filter((m) => m.topic === topics.deadLetters)).toEqual([]);
      expect(await t.app.get<EventStore>(EVENT_STORE).headPosition()).toBe(before);
    }, 30_000);
  });
}
