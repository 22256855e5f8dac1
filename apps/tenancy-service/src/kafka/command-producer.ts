import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { KafkaLogger } from '@nestjs/microservices';
import { Kafka, logLevel, Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import { CONFIG, type Config } from '@tenancy/platform';
import { GroupedSends } from './grouped-sends';
import { commandTopics, ensureTopics, type CommandTopics } from './kafka-topics';

/**
 * Writes results and dead letters. Idempotent producer, acks from all in-sync replicas: a
 * retried send is not written twice. `connect` creates the command topics and connects; the
 * command consumer (BatchKafkaServer) runs it before each attempt to join, in the background, so
 * the app starts without Kafka.
 */
@Injectable()
export class CommandProducer implements OnApplicationShutdown {
  private readonly logger = new Logger('KafkaCommands');
  readonly topics: CommandTopics;
  private readonly kafka: Kafka;
  private producer: Producer;
  /** A failed request left the producer's sequence numbers behind the broker's: the next send starts a new one. */
  private spoilt = false;
  private readonly groups = new GroupedSends(
    (topicMessages) => this.write(topicMessages),
    // The broker refused something in the request (MESSAGE_TOO_LARGE, say: kafkajs gives up at once),
    // as opposed to Kafka not answering or too few replicas, which kafkajs retries before it throws.
    (error) => (error as { retriable?: boolean })?.retriable === false,
  );

  constructor(@Inject(CONFIG) config: Config) {
    this.topics = commandTopics(config);
    this.kafka = new Kafka({
      ...config.kafkaSecurity,
      clientId: 'tenancy-command-results', brokers: config.kafkaBrokers ?? [], logCreator: KafkaLogger.bind(null, this.logger),
    });
    this.producer = this.newProducer();
  }

  /** Quiet while Kafka does not answer (the consumer's one warning says so), its own log once it does. */
  async connect(): Promise<void> {
    this.kafka.logger().setLogLevel(logLevel.NOTHING);
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const created = await ensureTopics(admin, this.topics);
      if (created.length > 0) this.logger.log(`Created topics ${created.join(', ')}`);
    } finally {
      await admin.disconnect();
    }
    await this.producer.connect();
    this.kafka.logger().setLogLevel(logLevel.INFO);
  }

  private newProducer(): Producer {
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  /**
   * All messages in one request, with those of other commands sent meanwhile (GroupedSends);
   * throws if Kafka did not take them, so the command is retried.
   */
  send(topicMessages: TopicMessages[]): Promise<void> {
    return this.groups.send(topicMessages);
  }

  /**
   * After a refused request, a fresh producer id: kafkajs rolls back the sequence numbers of every
   * partition in a request that failed, also of those the broker did append, so the producer's
   * next batch to such a partition would repeat a sequence the broker has seen and be dropped as a
   * duplicate while acknowledged (a result lost, its offset committed: QA D1). With a new id the
   * broker counts anew; what is sent again may be written twice, which results and dead letters
   * allow (docs/kafka.md).
   */
  private async write(topicMessages: TopicMessages[]): Promise<void> {
    if (this.spoilt) {
      // A new producer (new connections, new producer id), not a reconnect of the old one: kafkajs
      // reusing its connections after a failed request gave OUT_OF_ORDER_SEQUENCE_NUMBER and
      // "write after end".
      const old = this.producer;
      this.producer = this.newProducer();
      await old.disconnect().catch(() => undefined);
      await this.producer.connect();
      this.spoilt = false;
    }
    try {
      await this.producer.sendBatch({ topicMessages, acks: -1 });
    } catch (error) {
      this.spoilt = true;
      throw error;
    }
  }
}
