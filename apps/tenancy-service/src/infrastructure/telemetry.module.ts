import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Metrics } from '@tenancy/platform';

/** The process's metrics, for whatever counts something (commands, dead letters, the lag gauges' stores). */
@Global()
@Module({})
export class TelemetryModule {
  static forRoot(metrics: Metrics): DynamicModule {
    return { module: TelemetryModule, providers: [{ provide: Metrics, useValue: metrics }], exports: [Metrics] };
  }
}
