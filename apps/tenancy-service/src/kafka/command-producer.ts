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
  private readonly producer: Producer;
  private readonly groups = new GroupedSends((topicMessages) => this.write(topicMessages));

  constructor(@Inject(CONFIG) config: Config) {
    this.topics = commandTopics(config);
    this.kafka = new Kafka({
      clientId: 'tenancy-command-results', brokers: config.kafkaBrokers ?? [], logCreator: KafkaLogger.bind(null, this.logger),
    });
    this.producer = this.kafka.producer({
      idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner,
    });
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

  private async write(topicMessages: TopicMessages[]): Promise<void> {
    await this.producer.sendBatch({ topicMessages, acks: -1 });
  }
}
