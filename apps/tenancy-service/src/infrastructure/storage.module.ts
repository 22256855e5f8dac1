import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { EventStore } from '@tenancy/event-store';
import { ALL_PROJECTIONS, ProjectionRunner } from '@tenancy/projections';
import type { ReadStore } from '@tenancy/read-store';
import { CONFIG, type Config, loadServerKeys, openStores, type Stores, timeOrderedIds, CLOCK, EVENT_STORE, IDEMPOTENCY_STORE, IDS, READ_STORE, SERVER_KEYS, type Clock } from '@tenancy/platform';
import { Secrets } from '../security/secrets';

const STORES = Symbol('Stores');

/** Starts projections with the app and closes every store when it stops. */
@Injectable()
class StorageLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Storage');
  constructor(
    @Inject(STORES) private readonly stores: Stores,
    private readonly runner: ProjectionRunner,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap() {
    if (this.config.runProjections) await this.runner.start();
    this.logger.log(this.stores.describe());
  }

  async onApplicationShutdown() {
    await this.runner.stop();
    await this.stores.close();
  }
}

export interface StorageOptions {
  clock?: Clock;
}

/** Binds each port to the adapter the configuration asks for. */
@Global()
@Module({})
export class StorageModule {
  /** `clock` replaces the system clock, so tests can move time (e.g. past an invitation's expiry). */
  static forRoot(config: Config, options: StorageOptions = {}): DynamicModule {
    const keys = loadServerKeys(config);
    const providers: Provider[] = [
      { provide: CONFIG, useValue: config },
      { provide: SERVER_KEYS, useValue: keys },
      { provide: Secrets, useValue: new Secrets(keys.serverKey) },
      { provide: CLOCK, useValue: options.clock ?? ({ now: () => new Date() } satisfies Clock) },
      { provide: IDS, useValue: timeOrderedIds },
      { provide: STORES, useFactory: () => openStores(config) },
      { provide: EVENT_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.events },
      { provide: READ_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.readModels },
      { provide: IDEMPOTENCY_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.idempotency },
      {
        provide: ProjectionRunner,
        inject: [EVENT_STORE, READ_STORE],
        useFactory: (events: EventStore, readStore: ReadStore) => new ProjectionRunner(events, readStore, ALL_PROJECTIONS, {
          onError: (projection, error) => new Logger('Projections').error(`${projection} stopped: ${String(error)}`),
        }),
      },
      StorageLifecycle,
    ];
    return {
      module: StorageModule,
      providers,
      exports: [CONFIG, SERVER_KEYS, Secrets, CLOCK, IDS, EVENT_STORE, READ_STORE, IDEMPOTENCY_STORE, ProjectionRunner],
    };
  }
}
