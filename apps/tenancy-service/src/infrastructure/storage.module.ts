import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Aggregates, MembershipProcess } from '@tenancy/application';
import type { EventStore } from '@tenancy/event-store';
import {
  CLOCK, CONFIG, dataFilesLooserThanPrivate, EVENT_STORE, IDEMPOTENCY_STORE, IDS, loadServerKeys, openStores, READ_STORE, SERVER_KEYS, timeOrderedIds,
  TOKEN_VERIFIER, tokenVerifier, tracedEvents, type Clock, type Config, type Ids, type Stores,
} from '@tenancy/platform';
import { Secrets } from '../security/secrets';

export const STORES = Symbol('Stores');

/** Says which stores are used (and what in DATA_DIR others may read); closes them when the app stops, after the background work. */
@Injectable()
class StorageLifecycle implements OnApplicationShutdown {
  constructor(@Inject(STORES) private readonly stores: Stores, @Inject(CONFIG) config: Config) {
    const logger = new Logger('Storage');
    logger.log(stores.describe());
    for (const warning of dataFilesLooserThanPrivate(config)) logger.warn(warning);
  }

  async onApplicationShutdown() {
    await this.stores.close();
  }
}

export interface StorageOptions {
  clock?: Clock;
  /** The stores, opened before the app is built (createHttpApp); opened here when not given. */
  stores?: Stores;
}

/** Binds each port to the adapter the configuration asks for, and the command path to them. */
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
      {
        provide: TOKEN_VERIFIER, inject: [CLOCK],
        useFactory: (clock: Clock) => {
          const logger = new Logger('Identity');
          return tokenVerifier(config, keys, clock, { warn: (message) => logger.warn(message) });
        },
      },
      options.stores ? { provide: STORES, useValue: options.stores } : { provide: STORES, useFactory: () => openStores(config) },
      { provide: EVENT_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.events },
      { provide: READ_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.readModels },
      { provide: IDEMPOTENCY_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.idempotency },
      { provide: Aggregates, inject: [STORES, IDS], useFactory: (stores: Stores, ids: Ids) => new Aggregates(tracedEvents(stores.events), ids, stores.snapshots) },
      { provide: MembershipProcess, inject: [Aggregates, CLOCK], useFactory: (aggregates: Aggregates, clock: Clock) => new MembershipProcess(aggregates, clock) },
      StorageLifecycle,
    ];
    return {
      module: StorageModule,
      providers,
      exports: [CONFIG, SERVER_KEYS, TOKEN_VERIFIER, Secrets, CLOCK, IDS, STORES, EVENT_STORE, READ_STORE, IDEMPOTENCY_STORE, Aggregates, MembershipProcess],
    };
  }
}
