import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@tenancy/event-store';
import { KafkaFanOut, readStoreCheckpoints, type KafkaFanOutOptions } from '@tenancy/messaging';
import type { ReadStore } from '@tenancy/read-store';
import { CONFIG, type Config } from '../config/config';
import { EVENT_STORE, READ_STORE } from './tokens';

/** The fan-out's settings from the configuration; shared with the projector process. */
export function fanOutOptions(config: Config, logger: Logger): KafkaFanOutOptions {
  if (!config.kafkaBrokers) throw new Error('The Kafka fan-out needs KAFKA_BROKERS');
  return {
    brokers: config.kafkaBrokers,
    topic: config.kafkaEventsTopic,
    partitions: config.kafkaEventsPartitions,
    cleanupPolicy: config.kafkaEventsCleanupPolicy,
    clientId: 'tenancy-fan-out',
    logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m) },
  };
}

/** The fan-out for these stores, or null when no brokers are configured. */
export function createFanOut(config: Config, events: EventStore, readStore: ReadStore): KafkaFanOut | null {
  if (!config.kafkaBrokers) return null;
  return new KafkaFanOut(events, readStoreCheckpoints(readStore), fanOutOptions(config, new Logger('FanOut')));
}

/**
 * Runs the Kafka fan-out in this process. AppModule imports it only when the process also
 * runs the projections (the embedded default) and brokers are configured; with
 * RUN_PROJECTIONS=false the projector process publishes instead.
 */
@Injectable()
class InProcessFanOut implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly fanOut: KafkaFanOut | null;

  constructor(
    @Inject(CONFIG) config: Config,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) readStore: ReadStore,
  ) {
    this.fanOut = createFanOut(config, events, readStore);
  }

  async onApplicationBootstrap() {
    await this.fanOut?.start();
  }

  // Before the stores close (they close in onApplicationShutdown, which runs after this).
  async onModuleDestroy() {
    await this.fanOut?.stop();
  }
}

@Module({ providers: [InProcessFanOut] })
export class FanOutModule {}
