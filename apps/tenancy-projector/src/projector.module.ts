import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LoggerModule } from 'nestjs-pino';
import {
  CONFIG, createBackgroundWork, dataFilesLooserThanPrivate, Metrics, openLeaseStore, timeOrderedIds, type Config, type PinoLogger, type Stores,
} from '@tenancy/platform';
import { LeaseHealth } from './lease-health';
import { Projector } from './projector';

const STORES = Symbol('Stores');

/** Builds the projector on the configured stores; `health` notes whether the lease store answers, `metrics` gets the lag and lease gauges. */
export function createProjector(
  config: Config, stores: Stores, owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  { health, metrics }: { health?: LeaseHealth; metrics?: Metrics } = {},
): Projector {
  const logger = new Logger('Projector');
  const log = { log: (m: string) => logger.log(m), warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) };
  const leases = openLeaseStore(stores, config);
  const work = createBackgroundWork(config, stores, { ids: timeOrderedIds, clock: { now: () => new Date() }, logger: log });
  const projector = new Projector({
    leases: health ? health.watch(leases) : leases,
    work,
    owner,
    leaseTtlMs: config.projectorLeaseTtlMs,
    leaseTryEveryMs: leaseTryEveryMs(config),
    // Half the shutdown's time for the batch in flight; the rest for releasing the lease and closing the stores.
    drainMs: config.shutdownTimeoutMs / 2,
    log: (message) => logger.log(message),
    error: (message) => logger.error(message),
  });
  metrics?.watchLag({ events: stores.events, readStore: stores.readModels, projections: work.projections.projections.map((p) => p.name), fanOut: work.fanOut !== null });
  metrics?.watchLease(() => projector.active);
  metrics?.watchBackground(() => (projector.active ? work.failedAttempts() : []));
  return projector;
}

/**
 * A stand-by tries the lease about every second (a holder renews as often), so that when the
 * holder shuts down and releases it, the stand-by takes over within about a second rather than
 * ttl/3 (5 s with the default ttl); a shorter ttl keeps ttl/3.
 */
export const leaseTryEveryMs = (config: Config) => Math.min(1000, Math.floor(config.projectorLeaseTtlMs / 3));

@Injectable()
class ProjectorLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(STORES) private readonly stores: Stores, @Inject(CONFIG) private readonly config: Config, private readonly projector: Projector) {}

  onApplicationBootstrap() {
    const logger = new Logger('Projector');
    logger.log(this.stores.describe());
    for (const warning of dataFilesLooserThanPrivate(this.config)) logger.warn(warning);
    this.projector.start();
  }

  /** Stops the work after its current batch and releases the lease (a stand-by takes over at once), then closes the stores. */
  async onApplicationShutdown() {
    await this.projector.stop();
    await this.stores.close();
  }
}

/** An application context that folds events and publishes them; main.ts serves its health and metrics. */
@Module({})
export class ProjectorModule {
  static forRoot(
    config: Config, { logger, metrics, health, stores }: { logger: PinoLogger; metrics: Metrics; health: LeaseHealth; stores: Stores },
  ): DynamicModule {
    return {
      module: ProjectorModule,
      // Nest's Logger, and so the projector's and the background work's lines, through the process's one logger.
      imports: [LoggerModule.forRoot({ pinoHttp: { logger } })],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: STORES, useValue: stores },
        { provide: Projector, inject: [STORES], useFactory: (stores: Stores) => createProjector(config, stores, undefined, { health, metrics }) },
        ProjectorLifecycle,
      ],
    };
  }
}
