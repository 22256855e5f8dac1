import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CheckpointedSubscriber, type Backoff, type SubscriberLog, type SubscriberStatus } from '@tenancy/application';
import type { EventStore, RecordedEvent } from '@tenancy/event-store';
import type { CheckpointStore } from '@tenancy/read-store';
import { Kafka, logLevel, Partitioners, type KafkaConfig, type Producer } from 'kafkajs';
import { TENANCY_EVENTS_TOPIC, toKafkaMessages, type OutgoingMessage } from './event-message';

/** `delete` suits an event log; `compact` only makes sense for a mirror that keeps the latest per company. */
export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';

export type FanOutLog = SubscriberLog;

export interface KafkaFanOutOptions {
  brokers: string[];
  /** TLS and SASL as the installation's settings say (KAFKA_SSL, KAFKA_SASL_*); none by default. */
  security?: Pick<KafkaConfig, 'ssl' | 'sasl'>;
  topic?: string;
  /** Used only when the topic is created. */
  partitions?: number;
  cleanupPolicy?: CleanupPolicy;
  /** Name of the checkpoint in the read store; a new name republishes everything. */
  checkpointName?: string;
  /** Events per subscription batch, i.e. per produce request and per checkpoint write. */
  batchSize?: number;
  clientId?: string;
  backoff?: Backoff;
  logger?: FanOutLog;
  /** kafkajs' own log; off by default, the publisher reports its failures itself. */
  kafkaLogLevel?: logLevel;
}

/** `checkpoint`: the position of the last event the broker acknowledged. */
export interface FanOutStatus extends SubscriberStatus {
  messagesSent: number;
}

export const FAN_OUT_CHECKPOINT = 'kafka_fan_out_v1';
const MAX_MESSAGES_PER_REQUEST = 1000;
const silent: FanOutLog = { log: () => undefined, warn: () => undefined };

/**
 * Publishes every company event to Kafka, at least once and in stream order per company.
 * A checkpointed subscription to `$all` hands over batches; each batch is sent with an
 * idempotent producer (acks = all) and only then is the checkpoint moved. While the broker
 * is down the batch is retried with backoff for as long as it takes and nothing moves, so
 * an outage or a crash delays events but never drops one. A retried batch may repeat
 * messages the broker had already taken: consumers drop a repeated `stream-revision`.
 */
export class KafkaFanOut {
  private readonly kafka: Kafka;
  private readonly topic: string;
  private readonly logger: FanOutLog;
  private readonly subscriber: CheckpointedSubscriber;
  private producer: Promise<Producer> | undefined;
  private topicReady = false;
  private messagesSent = 0;

  constructor(
    events: Pick<EventStore, 'subscribeToAll'>,
    checkpoints: CheckpointStore,
    private readonly options: KafkaFanOutOptions,
  ) {
    this.topic = options.topic ?? TENANCY_EVENTS_TOPIC;
    this.logger = options.logger ?? silent;
    this.kafka = new Kafka({
      ...options.security,
      brokers: options.brokers,
      clientId: options.clientId ?? 'tenancy-fan-out',
      logLevel: options.kafkaLogLevel ?? logLevel.NOTHING,
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    this.subscriber = new CheckpointedSubscriber(events, checkpoints, {
      name: options.checkpointName ?? FAN_OUT_CHECKPOINT,
      handle: (batch) => this.publish(batch),
      batchSize: options.batchSize ?? 500,
      backoff: options.backoff,
      logger: { log: (m) => this.logger.log(`fan-out to ${this.topic}: ${m}`), warn: (m) => this.logger.warn(`fan-out to ${this.topic}: ${m}`) },
    });
  }

  /** Starts from the stored checkpoint; returns at once, even while the broker is unreachable. */
  start(): Promise<void> {
    return this.subscriber.start();
  }

  /** Stops promptly, even mid-outage: a batch in flight is abandoned and will be sent again; `drainMs` as for CheckpointedSubscriber.stop. */
  async stop(drainMs = 0): Promise<void> {
    await this.subscriber.stop(drainMs);
    await this.dropProducer();
  }

  get state(): Readonly<FanOutStatus> {
    return { ...this.subscriber.state, messagesSent: this.messagesSent };
  }

  private async publish(batch: RecordedEvent[]): Promise<void> {
    const messages = batch.flatMap(toKafkaMessages);
    if (messages.length > 0) {
      // A no-op span unless tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT); each message carries its command's traceparent.
      await trace.getTracer('tenancy').startActiveSpan('kafka publish', {
        kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': this.topic, 'messaging.batch.message_count': messages.length },
      }, async (span) => {
        try {
          await this.send(messages);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      });
    }
    this.messagesSent += messages.length;
  }

  private async send(messages: OutgoingMessage[]): Promise<void> {
    const producer = await this.connectedProducer();
    try {
      for (let i = 0; i < messages.length; i += MAX_MESSAGES_PER_REQUEST) {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [{ topic: this.topic, messages: messages.slice(i, i + MAX_MESSAGES_PER_REQUEST) }],
        });
      }
    } catch (error) {
      // A fresh producer (new producer id, sequence numbers from zero) for the retry:
      // kafkajs' idempotence state is not to be trusted after a failed request.
      await this.dropProducer();
      throw error;
    }
  }

  private connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const connecting = (async () => {
      await this.ensureTopic();
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        // Few quick retries inside kafkajs; the publisher's own loop retries forever.
        retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
      });
      await producer.connect().catch(async (error: unknown) => {
        await producer.disconnect().catch(() => undefined);
        throw error;
      });
      return producer;
    })();
    this.producer = connecting;
    connecting.catch(() => { if (this.producer === connecting) this.producer = undefined; });
    return connecting;
  }

  private async ensureTopic(): Promise<void> {
    if (this.topicReady) return;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [{
          topic: this.topic,
          numPartitions: this.options.partitions ?? 3,
          configEntries: [{ name: 'cleanup.policy', value: this.options.cleanupPolicy ?? 'delete' }],
        }],
      });
      if (created) this.logger.log(`created topic ${this.topic} (${this.options.partitions ?? 3} partitions)`);
      this.topicReady = true;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (!producer) return;
    const connected = await producer.catch(() => undefined);
    // disconnect waits for requests in flight; do not let a hung broker hold us up.
    if (connected) await Promise.race([connected.disconnect().catch(() => undefined), delay(2000)]);
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
