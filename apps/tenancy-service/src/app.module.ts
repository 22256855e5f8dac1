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
import type { Config } from '@tenancy/platform';
import { HealthRoutes } from './health/health.routes';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { InvitationAnswerRoutes } from './invitation/invitation-answer.routes';
import { InvitationQueries } from './invitation/invitation.queries';
import { InvitationRoutes } from './invitation/invitation.routes';
import { kafkaCommandParts } from './kafka/kafka.module';
import { MeRoutes } from './me/me.routes';
import { MembershipLimit } from './membership/membership-limit';
import { ProblemFilter } from './http/problem.filter';
import { FanOutModule } from './infrastructure/fan-out.module';
import { StorageModule, type StorageOptions } from './infrastructure/storage.module';
import { PairingRoutes } from './pairing/pairing.routes';
import { AuthGuard } from './security/auth.guard';
import { CompanyCommands } from './team/company-commands';
import { MemberSecurityRoutes } from './team/member-security.routes';
import { MemberQueries } from './team/member.queries';
import { MemberRoutes } from './team/member.routes';
import { OwnershipRoutes } from './team/ownership.routes';
import { ReadAccess } from './team/read-access';
import { TenantQueries } from './tenant/tenant.queries';
import { TenantRoutes } from './tenant/tenant.routes';

@Module({})
export class AppModule {
  static forRoot(config: Config, storage: StorageOptions = {}): DynamicModule {
    // Commands in over Kafka, only when brokers are configured; the embedded default has none.
    const kafka = config.kafkaBrokers ? kafkaCommandParts(config) : { controllers: [], providers: [] };
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(), StorageModule.forRoot(config, storage),
        // Events out to Kafka, here only while this process also runs the projections.
        ...(config.runProjections && config.kafkaBrokers ? [FanOutModule] : []),
      ],
      controllers: [
        CompanyRoutes, AuditRoutes, PairingRoutes, HealthRoutes,
        InvitationRoutes, InvitationAnswerRoutes, MemberRoutes, MemberSecurityRoutes, OwnershipRoutes, TenantRoutes, MeRoutes,
        ...kafka.controllers,
      ],
      providers: [
        StreamCommands, ReadModelFreshness, CommandMetadataFactory,
        CompanyCommandHandler, CompanyQueries,
        CompanyCommands, ReadAccess, MembershipLimit, MemberQueries, InvitationQueries, TenantQueries,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        ...kafka.providers,
      ],
    };
  }
}
