import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Config, Metrics, PinoLogger } from '@tenancy/platform';
import { AuditQueries } from './audit/audit.queries';
import { AuditRoutes, CompanyHistoryRoutes } from './audit/audit.routes';
import { VerifyRoutes } from './audit/verify.routes';
import { BenchRoutes } from './bench/bench.routes';
import { CommandMetadataFactory } from './commands/command-metadata';
import { CompanyCommandHandler } from './commands/company-command.handler';
import { ReplayAuthorisation } from './commands/replay-authorisation';
import { CompanyQueries } from './company/company.queries';
import { CompanyRoutes } from './company/company.routes';
import { HealthRoutes } from './health/health.routes';
import { AuthGuard } from './http/auth.guard';
import { UndeclaredInputGuard } from './http/undeclared-input.guard';
import { CommandHeadersInterceptor } from './http/command-headers.interceptor';
import { CommandResponseInterceptor } from './http/command-response.interceptor';
import { withHttpInterceptors } from './http/http-interceptors';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ProblemFilter } from './http/problem.filter';
import { requestLogModule } from './http/request-log';
import { ReadYourWrites } from './http/read-your-writes';
import { Idempotency } from './idempotency/idempotency';
import { BackgroundModule } from './infrastructure/background.module';
import { ReadModels } from './infrastructure/read-models';
import { StorageModule, type StorageOptions } from './infrastructure/storage.module';
import { TelemetryModule } from './infrastructure/telemetry.module';
import { MetricsRoutes } from './metrics/metrics.routes';
import { InvitationAnswerRoutes } from './invitations/invitation-answer.routes';
import { InvitationQueries } from './invitations/invitation.queries';
import { InvitationRoutes } from './invitations/invitation.routes';
import { kafkaCommandParts } from './kafka/kafka.module';
import { MeRoutes } from './me/me.routes';
import { MemberSecurityRoutes } from './members/member-security.routes';
import { MemberQueries } from './members/member.queries';
import { MemberRoutes } from './members/member.routes';
import { OwnershipRoutes } from './members/ownership.routes';
import { ReadAccess } from './members/read-access';
import { PairingRoutes } from './pairing/pairing.routes';
import { TenantQueries } from './tenant/tenant.queries';
import { TenantRoutes } from './tenant/tenant.routes';
import { EraseUserHandler } from './users/erase-user.handler';
import { UserErasureRoutes } from './users/user-erasure.routes';
import { WebhookQueries } from './webhooks/webhook.queries';
import { WebhookRoutes } from './webhooks/webhook.routes';
import { WebhookSending } from './webhooks/webhook-sending';
import { SignatureRoutes } from './webhooks/signature.routes';

@Module({})
export class AppModule {
  static forRoot(config: Config, { logger, metrics }: { logger: PinoLogger; metrics: Metrics }, storage: StorageOptions = {}): DynamicModule {
    // Commands in over Kafka, only when brokers are configured; the embedded default has none.
    const kafka = config.kafkaBrokers ? kafkaCommandParts(config) : { controllers: [], providers: [] };
    return {
      module: AppModule,
      imports: [requestLogModule(logger), TelemetryModule.forRoot(metrics), CqrsModule.forRoot(), StorageModule.forRoot(config, storage), BackgroundModule],
      controllers: withHttpInterceptors([
        CompanyRoutes, AuditRoutes, CompanyHistoryRoutes, VerifyRoutes, PairingRoutes, HealthRoutes,
        InvitationRoutes, InvitationAnswerRoutes, MemberRoutes, MemberSecurityRoutes, OwnershipRoutes, TenantRoutes, WebhookRoutes, SignatureRoutes, MeRoutes,
        UserErasureRoutes, ...kafka.controllers, ...(config.metricsEnabled ? [MetricsRoutes] : []), ...(config.benchRoutes ? [BenchRoutes] : []),
      ]),
      providers: [
        CompanyCommandHandler, ReplayAuthorisation, EraseUserHandler, CommandMetadataFactory, Idempotency, ReadYourWrites, ReadModels,
        CompanyQueries, ReadAccess, MemberQueries, InvitationQueries, TenantQueries, AuditQueries, WebhookQueries, WebhookSending,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: UndeclaredInputGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        // HTTP's interceptors, given to the routes they answer by withHttpInterceptors above.
        CommandHeadersInterceptor, IdempotencyInterceptor, CommandResponseInterceptor,
        ...kafka.providers,
      ],
    };
  }
}
