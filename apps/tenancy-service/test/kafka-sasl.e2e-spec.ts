/*
 * The service on a Kafka that requires SASL PLAIN (a private broker): with KAFKA_SASL_* set, the
 * command consumer, the results' producer and the fan-out all authenticate, so Kafka ACLs can
 * name this service's principal (docs/kafka.md, "Security: who may send").
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';
import { kafkaAvailable, startKafka, type KafkaServer } from '../../../libs/testing/src/servers/kafka-server';
import { commandTopics } from '../src/kafka/kafka-topics';
import { staffToken, newCompany, TestApp } from './harness';

jest.setTimeout(120_000);

const USER = 'tenancy-service';
const PASSWORD = 'sasl-e2e-Pw-7731';
const reasonToSkip = !kafkaAvailable() ? 'Kafka is not installed (bash tools/kafka/install.sh)' : undefined;
if (reasonToSkip) process.stdout.write(`[kafka-sasl] skipped: ${reasonToSkip}\n`);

(reasonToSkip ? describe.skip : describe)('The service on a Kafka that requires SASL', () => {
  const prefix = `sasl-${randomUUID().slice(0, 8)}.`;
  const topics = commandTopics({ kafkaTopicPrefix: prefix });
  let kafka: KafkaServer;
  let dir: string;
  let t: TestApp;
  let reader: Consumer;
  const seen: { topic: string; key: string | null; value: string }[] = [];

  beforeAll(async () => {
    kafka = await startKafka({ saslPlainUsers: { [USER]: PASSWORD } });
    dir = mkdtempSync(join(tmpdir(), 'kafka-sasl-e2e-'));
    const passwordFile = join(dir, 'kafka-password');
    writeFileSync(passwordFile, `${PASSWORD}\n`);
    // Resolves only once the consumer joined its group, after the producer created the topics: both authenticated.
    t = await TestApp.start(undefined, {
      KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: USER, KAFKA_SASL_PASSWORD_FILE: passwordFile,
    });
    const client = new Kafka({ brokers: kafka.brokers, clientId: 'sasl-e2e', logLevel: logLevel.NOTHING, sasl: { mechanism: 'plain', username: USER, password: PASSWORD } });
    reader = client.consumer({ groupId: `sasl-e2e-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topics: [topics.results], fromBeginning: true });
    await reader.run({ eachMessage: async ({ topic, message }) => { seen.push({ topic, key: message.key?.toString() ?? null, value: String(message.value) }); } });
    const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    commandId = randomUUID();
    await producer.send({
      topic: topics.commands,
      messages: [{ value: JSON.stringify({ commandId, type: 'CreateCompany', payload: newCompany({ name: 'Sasl GmbH' }) }), headers: { 'actor-user-id': 'staff-kafka', 'actor-staff': 'true' } }],
    });
    await producer.disconnect();
  });
  let commandId: string;

  afterAll(async () => {
    await Promise.all([reader?.disconnect(), t?.stop()]);
    await kafka?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given KAFKA_SASL_* with the right password, then a command sent over Kafka is taken and its result written', async () => {
    const deadline = Date.now() + 30_000;
    while (!seen.some((m) => m.key === commandId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

    expect(JSON.parse(seen.find((m) => m.key === commandId)!.value)).toMatchObject({ commandId, status: 'accepted' });
    expect((await t.request('GET', '/v1/companies?limit=10', undefined, { token: staffToken() })).body.items.map((c: { name: string }) => c.name)).toContain('Sasl GmbH');
  });

  it('given KAFKA_SASL_*, then the fan-out publishes the company\'s events on the same broker', async () => {
    const { companyId } = JSON.parse(seen.find((m) => m.key === commandId)!.value) as { companyId: string };
    const client = new Kafka({ brokers: kafka.brokers, clientId: 'sasl-e2e-events', logLevel: logLevel.NOTHING, sasl: { mechanism: 'plain', username: USER, password: PASSWORD } });
    const keys: string[] = [];
    const events = client.consumer({ groupId: `sasl-e2e-${randomUUID()}` });
    try {
      await events.connect();
      await events.subscribe({ topics: [`${prefix}tenancy.events`], fromBeginning: true });
      await events.run({ eachMessage: async ({ message }) => { keys.push(message.key?.toString() ?? ''); } });
      const deadline = Date.now() + 30_000;
      while (!keys.includes(companyId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    } finally {
      await events.disconnect();
    }

    expect(keys).toContain(companyId);
  });
});
