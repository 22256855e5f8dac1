/*
 * Smoke tests for the real test servers: the shared ones that global-setup.ts starts
 * (KAFKA_BROKERS, MONGODB_URL), and a private broker stopped and restarted mid-test.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { kafkaAvailable, startKafka, type KafkaServer } from './kafka-server';

jest.setTimeout(120_000);

const brokers = process.env.KAFKA_BROKERS?.split(',');
const mongoUrl = process.env.MONGODB_URL;

function guard(reasonToSkip: string | undefined): jest.Describe {
  if (reasonToSkip === undefined) return describe;
  process.stderr.write(`[servers.int-spec] skipped: ${reasonToSkip}\n`); // one line, no console.warn code frame
  return describe.skip;
}

function client(kafkaBrokers: string[]): Kafka {
  return new Kafka({ brokers: kafkaBrokers, clientId: 'servers-int-spec', logLevel: logLevel.NOTHING });
}

/** Reads `count` messages of `topic` from the beginning, with a fresh consumer group. */
async function consume(kafka: Kafka, topic: string, count: number): Promise<string[]> {
  const consumer: Consumer = kafka.consumer({ groupId: `servers-int-spec-${randomUUID()}` });
  const values: string[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? '');
          if (values.length === count) resolve();
        },
      }).catch(reject);
    });
    return values;
  } finally {
    await consumer.disconnect();
  }
}

guard(brokers ? undefined : 'KAFKA_BROKERS is not set')('Kafka (KAFKA_BROKERS)', () => {
  it('produces and consumes a message', async () => {
    const kafka = client(brokers!);
    const topic = `servers-int-spec-${randomUUID()}`;
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'hello' }] });
    await producer.disconnect();

    expect(await consume(kafka, topic, 1)).toEqual(['hello']);
  });
});

guard(mongoUrl ? undefined : 'MONGODB_URL is not set')('MongoDB wire protocol (MONGODB_URL)', () => {
  it('inserts and finds a document', async () => {
    const mongo = new MongoClient(mongoUrl!);
    const db = mongo.db(`servers_int_spec_${Date.now()}`);
    try {
      await db.collection('things').insertOne({ _id: 'a' as never, n: 1, at: new Date(0) });
      expect(await db.collection('things').findOne({ n: 1 })).toEqual({ _id: 'a', n: 1, at: new Date(0) });
    } finally {
      await db.dropDatabase();
      await mongo.close();
    }
  });
});

guard(kafkaAvailable() ? undefined : 'Kafka is not installed (bash tools/kafka/install.sh)')('Kafka broker stop and restart', () => {
  let server: KafkaServer;
  beforeAll(async () => {
    server = await startKafka();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)('keeps messages and serves the same producer after a %s', async (signal) => {
    const kafka = client(server.brokers);
    const topic = `restart-${signal}-${randomUUID()}`;
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'before' }] });

    const brokersBefore = [...server.brokers];
    await server.stopBroker(signal);
    expect(server.pid()).toBeUndefined();
    await server.startBroker();
    expect(server.brokers).toEqual(brokersBefore);

    // The producer connected before the stop reconnects by itself.
    await producer.send({ topic, acks: -1, messages: [{ value: 'after' }] });
    await producer.disconnect();
    expect((await consume(kafka, topic, 2)).sort()).toEqual(['after', 'before']);
  });
});
