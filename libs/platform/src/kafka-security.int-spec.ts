/*
 * The Kafka SASL settings against a real broker that requires SASL PLAIN (its own private
 * instance): the installation's settings, read by readConfig, reach the clients; the right
 * password is let in and a wrong one refused, so Kafka ACLs can tell this service apart.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaAnchorSink } from '@tenancy/messaging';
import { readTopic } from '../../messaging/src/fan-out/testing/fan-out-fixtures';
import { kafkaAvailable, startKafka, type KafkaServer } from '../../testing/src/servers/kafka-server';
import { readConfig } from './config';
import { fanOutOptions } from './fan-out';

jest.setTimeout(120_000);

const USER = 'tenancy-service';
const PASSWORD = 'right-Zq81x-password';
const anchor = { position: '10', head: '1'.repeat(64), streams: 1, anchoredAt: '2026-03-01T12:00:00.000Z' };
const reasonToSkip = !kafkaAvailable() ? 'Kafka is not installed (bash tools/kafka/install.sh)' : undefined;
if (reasonToSkip) process.stdout.write(`[kafka-security] SASL broker test skipped: ${reasonToSkip}\n`);

(reasonToSkip ? describe.skip : describe)('Kafka clients on a broker that requires SASL PLAIN', () => {
  let kafka: KafkaServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-sasl-'));
    kafka = await startKafka({ saslPlainUsers: { [USER]: PASSWORD } });
  });
  afterAll(async () => {
    await kafka?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const settings = (password: string) => {
    const passwordFile = join(dir, `password-${randomUUID()}`);
    writeFileSync(passwordFile, `${password}\n`);
    return readConfig({ KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: USER, KAFKA_SASL_PASSWORD_FILE: passwordFile });
  };
  const sinkFor = (config: ReturnType<typeof readConfig>, topic: string) => {
    // The same options the fan-out gets: the one place the settings are read hands them to every client.
    expect(fanOutOptions(config, { log: () => undefined, warn: () => undefined }).security).toBe(config.kafkaSecurity);
    return new KafkaAnchorSink({ brokers: config.kafkaBrokers!, security: config.kafkaSecurity, topic });
  };

  it('given KAFKA_SASL_* with the right password, then the client is let in and its messages are written', async () => {
    const config = settings(PASSWORD);
    const topic = `sasl-anchors-${randomUUID()}`;
    const sink = sinkFor(config, topic);
    try {
      await sink.publish(anchor);
    } finally {
      await sink.close();
    }

    const reader = new Kafka({ brokers: kafka.brokers, clientId: 'sasl-reader', logLevel: logLevel.NOTHING, sasl: { mechanism: 'plain', username: USER, password: PASSWORD } });
    const received = await readTopic(reader, topic, (r) => r.length >= 1);
    expect(received.map((r) => r.value)).toEqual([anchor]);
  });

  it('given a wrong password, then the broker refuses the client at authentication', async () => {
    const sink = sinkFor(settings('wrong-password'), `sasl-anchors-${randomUUID()}`);
    try {
      await expect(sink.publish(anchor)).rejects.toThrow(/SASL PLAIN authentication failed|Authentication failed/i);
    } finally {
      await sink.close();
    }
  });

  it('given no SASL settings, then the broker does not let the client in', async () => {
    const sink = new KafkaAnchorSink({ brokers: kafka.brokers, security: readConfig({ KAFKA_BROKERS: kafka.brokers.join(',') }).kafkaSecurity, topic: `sasl-anchors-${randomUUID()}` });
    try {
      await expect(sink.publish(anchor)).rejects.toThrow();
    } finally {
      await sink.close();
    }
  });
});
