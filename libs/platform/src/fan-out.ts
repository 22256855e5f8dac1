import type { EventStore } from '@tenancy/event-store';
import { KafkaFanOut, type KafkaFanOutOptions } from '@tenancy/messaging';
import { readStoreCheckpoints, type ReadStore } from '@tenancy/read-store';
import type { Config } from './config';

export interface Log {
  log(message: string): void;
  warn(message: string): void;
}

/** The fan-out's settings from the configuration. */
export function fanOutOptions(config: Config, logger: Log): KafkaFanOutOptions {
  if (!config.kafkaBrokers) throw new Error('The Kafka fan-out needs KAFKA_BROKERS');
  return {
    brokers: config.kafkaBrokers,
    security: config.kafkaSecurity,
    topic: config.kafkaEventsTopic,
    partitions: config.kafkaEventsPartitions,
    cleanupPolicy: config.kafkaEventsCleanupPolicy,
    clientId: 'tenancy-fan-out',
    logger,
  };
}

/** The fan-out for these stores, or null when no brokers are configured. */
export function createFanOut(config: Config, events: EventStore, readStore: ReadStore, logger: Log): KafkaFanOut | null {
  if (!config.kafkaBrokers) return null;
  return new KafkaFanOut(events, readStoreCheckpoints(readStore), fanOutOptions(config, logger));
}
