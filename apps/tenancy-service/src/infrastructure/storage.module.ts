import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type EventStore } from '@tenancy/event-store';
import { ALL_PROJECTIONS, ProjectionRunner } from '@tenancy/projections';
import { SqliteIdempotencyStore, SqliteReadStore, type ReadStore } from '@tenancy/read-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { CONFIG, sqliteFile, type Config } from '../config/config';
import { loadServerKeys } from '../security/server-keys';
import { Secrets } from '../security/secrets';
import { CLOCK, EVENT_STORE, IDEMPOTENCY_STORE, IDS, READ_STORE, SERVER_KEYS, type Clock, type Ids } from './tokens';

const SQLITE = Symbol('SqliteDatabase');

/** Starts projections with the app and closes every store when it stops. */
@Injectable()
class StorageLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Storage');
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(SQLITE) private readonly db: SqliteDatabase | null,
    private readonly runner: ProjectionRunner,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap() {
    if (this.config.runProjections) await this.runner.start();
    this.logger.log(`events: ${this.config.eventStoreUrl ? 'EventStoreDB' : 'SQLite'}, read models: ${this.config.mongoUrl ? 'MongoDB' : 'SQLite'}${this.db ? ` (${this.db.name})` : ''}`);
  }

  async onApplicationShutdown() {
    await this.runner.stop();
    await this.events.close();
    await this.readStore.close();
    this.db?.close();
  }
}

/** Binds each port to the adapter the configuration asks for; unset means embedded SQLite. */
@Global()
@Module({})
export class StorageModule {
  static forRoot(config: Config): DynamicModule {
    const keys = loadServerKeys(config);
    const embedded = !config.eventStoreUrl || !config.mongoUrl;
    const providers: Provider[] = [
      { provide: CONFIG, useValue: config },
      { provide: SERVER_KEYS, useValue: keys },
      { provide: Secrets, useValue: new Secrets(keys.serverKey) },
      { provide: CLOCK, useValue: { now: () => new Date() } satisfies Clock },
      { provide: IDS, useValue: { next: () => randomUUID() } satisfies Ids },
      { provide: SQLITE, useFactory: () => (embedded ? openDatabase(sqliteFile(config)) : null) },
      { provide: EVENT_STORE, inject: [SQLITE], useFactory: (db: SqliteDatabase) => new SqliteEventStore(db) },
      { provide: READ_STORE, inject: [SQLITE], useFactory: (db: SqliteDatabase) => new SqliteReadStore(db) },
      { provide: IDEMPOTENCY_STORE, inject: [SQLITE], useFactory: (db: SqliteDatabase) => new SqliteIdempotencyStore(db) },
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
