import type { AnchorRecord, AnchorSink } from '@tenancy/application';
import { Kafka, logLevel, type KafkaConfig, type Producer } from 'kafkajs';

export interface KafkaAnchorSinkOptions {
  brokers: string[];
  /** TLS and SASL as the installation's settings say (KAFKA_SSL, KAFKA_SASL_*); none by default. */
  security?: Pick<KafkaConfig, 'ssl' | 'sasl'>;
  /** `tenancy.audit-anchors` after the topic prefix. */
  topic: string;
  clientId?: string;
}

/**
 * Audit anchors to a Kafka topic: one message per anchor, keyed `anchor`, so they stay in order
 * on one partition. The topic is a record kept apart from the event store; give it a retention
 * (or a copy elsewhere) as long as the history it vouches for. A failed send is the publisher's
 * to log: the next anchor covers everything this one did.
 */
export class KafkaAnchorSink implements AnchorSink {
  readonly name: string;
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;

  constructor(private readonly options: KafkaAnchorSinkOptions) {
    this.name = `Kafka topic ${options.topic}`;
    this.kafka = new Kafka({
      ...options.security,
      brokers: options.brokers, clientId: options.clientId ?? 'tenancy-audit-anchors', logLevel: logLevel.NOTHING,
      connectionTimeout: 3000, requestTimeout: 10_000, retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
    });
  }

  async publish(anchor: AnchorRecord): Promise<void> {
    try {
      const producer = await this.connected();
      await producer.send({ topic: this.options.topic, acks: -1, messages: [{ key: 'anchor', value: JSON.stringify(anchor) }] });
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    const connected = await producer?.catch(() => undefined);
    await connected?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
        await admin.createTopics({ waitForLeaders: true, topics: [{ topic: this.options.topic, numPartitions: 1 }] });
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      const producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      return producer;
    })();
    return this.producer;
  }
}
