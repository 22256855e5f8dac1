import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditRoutes } from './audit/audit.routes';
import { CommandMetadataFactory } from './commands/command-metadata';
import { ReadModelFreshness } from './commands/read-model-freshness';
import { StreamCommands } from './commands/stream-commands';
import { CompanyCommandHandler } from './company/company.handler';
import { CompanyQueries } from './company/company.queries';
import { CompanyRoutes } from './company/company.routes';
import type { Config } from './config/config';
import { HealthRoutes } from './health/health.routes';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ProblemFilter } from './http/problem.filter';
import { StorageModule } from './infrastructure/storage.module';
import { PairingRoutes } from './pairing/pairing.routes';
import { AuthGuard } from './security/auth.guard';

@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), StorageModule.forRoot(config)],
      controllers: [CompanyRoutes, AuditRoutes, PairingRoutes, HealthRoutes],
      providers: [
        StreamCommands, ReadModelFreshness, CommandMetadataFactory,
        CompanyCommandHandler, CompanyQueries,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
