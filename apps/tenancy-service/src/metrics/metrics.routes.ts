import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Metrics } from '@tenancy/platform';
import { Registry } from 'prom-client';
import { Public } from '../http/auth.guard';
import { ReturnsText } from '../openapi/openapi-extras';

/** For Prometheus to scrape; off with METRICS_ENABLED=false. Public like /health: keep it off the public network. */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsRoutes {
  constructor(private readonly metrics: Metrics) {}

  /** The process's metrics in Prometheus text format. */
  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @ReturnsText('text/plain', 'Prometheus text exposition format 0.0.4')
  scrape(): Promise<string> {
    return this.metrics.text();
  }
}
