import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@tenancy/event-store';
import { companiesProjection } from '@tenancy/projections';
import type { ReadStore } from '@tenancy/read-store';
import {
  BackgroundWork, BackgroundWorkStopped, EVENT_STORE, READ_STORE, SigningKeysUnavailable, StoreUnavailable, TOKEN_VERIFIER, type TokenVerifier,
} from '@tenancy/platform';
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
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
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
   * for read models that no longer move. And, with AUTH_ISSUER, the identity provider's signing
   * keys are held; else (none fetched yet, and the last fetch failed) 503 `service.unavailable`
   * naming the identity provider: every authenticated request would get that 503 too.
   */
  @Get('ready')
  @HttpCode(200)
  @Returns(HealthStatus)
  @AlsoRefuses({ 503: 'A store does not answer, the background work in this process stopped, or the identity provider\'s signing keys could not be fetched' })
  async ready() {
    try {
      await Promise.all([this.events.headPosition(), this.readStore.checkpoint(companiesProjection.name)]);
    } catch (error) {
      throw new StoreUnavailable(error);
    }
    const stopped = this.work.stopped();
    if (stopped.length > 0) throw new BackgroundWorkStopped(stopped);
    const noKeys = await this.tokens.signingKeysUnavailable();
    if (noKeys !== undefined) throw new SigningKeysUnavailable(noKeys);
    return { status: 'ok' };
  }
}
