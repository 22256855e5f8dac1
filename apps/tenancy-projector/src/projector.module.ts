import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LoggerModule } from 'nestjs-pino';
import { CONFIG, createBackgroundWork, openLeaseStore, openStores, timeOrderedIds, type Config, type PinoLogger, type Stores } from '@tenancy/platform';
import { Projector } from './projector';

const STORES = Symbol('Stores');

/** Builds the projector on the configured stores. */
export function createProjector(config: Config, stores: Stores, owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`): Projector {
  const logger = new Logger('Projector');
  const log = { log: (m: string) => logger.log(m), warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) };
  return new Projector({
    leases: openLeaseStore(stores, config),
    work: createBackgroundWork(config, stores, { ids: timeOrderedIds, clock: { now: () => new Date() }, logger: log }),
    owner,
    leaseTtlMs: config.projectorLeaseTtlMs,
    log: (message) => logger.log(message),
    error: (message) => logger.error(message),
  });
}

@Injectable()
class ProjectorLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(STORES) private readonly stores: Stores, private readonly projector: Projector) {}

  onApplicationBootstrap() {
    new Logger('Projector').log(this.stores.describe());
    this.projector.start();
  }

  async onApplicationShutdown() {
    await this.projector.stop();
    await this.stores.close();
  }
}

/** No HTTP: the projector is an application context that folds events and publishes them. */
@Module({})
export class ProjectorModule {
  static forRoot(config: Config, logger: PinoLogger): DynamicModule {
    return {
      module: ProjectorModule,
      // Nest's Logger, and so the projector's and the background work's lines, through the process's one logger.
      imports: [LoggerModule.forRoot({ pinoHttp: { logger } })],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: STORES, useFactory: () => openStores(config) },
        { provide: Projector, inject: [STORES], useFactory: (stores: Stores) => createProjector(config, stores) },
        ProjectorLifecycle,
      ],
    };
  }
}
