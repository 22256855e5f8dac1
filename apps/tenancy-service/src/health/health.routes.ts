import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@tenancy/event-store';
import { companiesProjection } from '@tenancy/projections';
import type { ReadStore } from '@tenancy/read-store';
import { BackgroundWork, BackgroundWorkStopped, EVENT_STORE, READ_STORE, StoreUnavailable } from '@tenancy/platform';
import { Public } from '../http/auth.guard';
import { AlsoRefuses, Returns } from '../openapi/openapi-extras';
import { HealthStatus } from './health.responses';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthRoutes {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly work: BackgroundWork,
  ) {}

  /** The process is up. */
  @Get('live')
  @Returns(HealthStatus)
  live() {
    return { status: 'ok' };
  }

  /**
   * The stores answer, so requests can be served; else 503 `service.unavailable` within the
   * stores' own timeouts (MongoDB: 2 s to find a server), before a probe gives up. And the
   * background work this process runs (RUN_PROJECTIONS) still runs; else 503
   * `service.background_work_stopped`: reads would fall ever further behind, and commands wait
   * for read models that no longer move.
   */
  @Get('ready')
  @HttpCode(200)
  @Returns(HealthStatus)
  @AlsoRefuses({ 503: 'A store does not answer, or the background work in this process stopped' })
  async ready() {
    try {
      await Promise.all([this.events.headPosition(), this.readStore.checkpoint(companiesProjection.name)]);
    } catch (error) {
      throw new StoreUnavailable(error);
    }
    const stopped = this.work.stopped();
    if (stopped.length > 0) throw new BackgroundWorkStopped(stopped);
    return { status: 'ok' };
  }
}
