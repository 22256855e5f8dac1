import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { BackgroundWork, CLOCK, CONFIG, createBackgroundWork, IDS, Metrics, type Clock, type Config, type Ids, type Stores } from '@tenancy/platform';
import { STORES } from './storage.module';

/**
 * Runs the background work (read models, reactions, Kafka fan-out) in this process when it
 * runs projections (the embedded default); with RUN_PROJECTIONS=false the projector process does.
 */
@Injectable()
class InProcessWork implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(CONFIG) private readonly config: Config, private readonly work: BackgroundWork) {}

  async onApplicationBootstrap() {
    if (this.config.runProjections) await this.work.start();
  }

  // Before the stores close (they close in onApplicationShutdown, which runs after this).
  async onModuleDestroy() {
    await this.work.stop({ drainMs: this.config.shutdownTimeoutMs / 2 });
  }
}

@Global()
@Module({
  providers: [
    {
      provide: BackgroundWork,
      inject: [CONFIG, STORES, IDS, CLOCK, Metrics],
      useFactory: (config: Config, stores: Stores, ids: Ids, clock: Clock, metrics: Metrics) => {
        const logger = new Logger('BackgroundWork');
        const work = createBackgroundWork(config, stores, {
          ids, clock, logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
        });
        // Read from the stores, so it is right whether this process or the projector does the work.
        metrics.watchLag({ events: stores.events, readStore: stores.readModels, projections: work.projections.projections.map((p) => p.name), fanOut: work.fanOut !== null });
        if (config.runProjections) metrics.watchBackground(() => work.failedAttempts());
        return work;
      },
    },
    InProcessWork,
  ],
  exports: [BackgroundWork],
})
export class BackgroundModule {}
