import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@tenancy/event-store';
import type { KafkaFanOut } from '@tenancy/messaging';
import type { ReadStore } from '@tenancy/read-store';
import { CONFIG, createFanOut, EVENT_STORE, READ_STORE, type Config } from '@tenancy/platform';

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
    this.fanOut = createFanOut(config, events, readStore, new Logger('FanOut'));
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
