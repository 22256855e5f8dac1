import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@tenancy/event-store';
import { companiesProjection } from '@tenancy/projections';
import type { ReadStore } from '@tenancy/read-store';
import type { LeaseStore } from '@tenancy/read-store';
import {
  BackgroundWork, BackgroundWorkStopped, CONFIG, EVENT_STORE, openLeaseStore, PROJECTOR_LEASE, ProjectionsNotRunning, READ_STORE, SigningKeysUnavailable,
  StoreUnavailable, TOKEN_VERIFIER, type Config, type Stores, type TokenVerifier,
} from '@tenancy/platform';
import { Public } from '../http/auth.guard';
import { STORES } from '../infrastructure/storage.module';
import { AlsoRefuses, Returns } from '../openapi/openapi-extras';
import { HealthStatus } from './health.responses';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthRoutes {
  /** With RUN_PROJECTIONS=false only: where a projector holds its lease while it works. */
  private readonly projectorLeases: LeaseStore | null;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly work: BackgroundWork,
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
    @Inject(CONFIG) config: Config,
    @Inject(STORES) stores: Stores,
  ) {
    this.projectorLeases = config.runProjections ? null : openLeaseStore(stores, config);
  }

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
   * for read models that no longer move. With RUN_PROJECTIONS=false, a projector holds the projector
   * lease; else 503 `service.projections_not_running`: nothing moves the read models, so every
   * command would wait for them and answer 503 (so too for the seconds a projector takes to take
   * over from one that died). And, with AUTH_ISSUER, the identity provider's signing
   * keys are held; else (none fetched yet, and the last fetch failed) 503 `service.unavailable`
   * naming the identity provider: every authenticated request would get that 503 too.
   */
  @Get('ready')
  @HttpCode(200)
  @Returns(HealthStatus)
  @AlsoRefuses({
    503: 'A store does not answer, the background work in this process stopped, no projector runs (RUN_PROJECTIONS=false), '
      + 'or the identity provider\'s signing keys could not be fetched',
  })
  async ready() {
    let projector: string | null | undefined;
    try {
      [projector] = await Promise.all([
        this.projectorLeases?.holder(PROJECTOR_LEASE), this.events.headPosition(), this.readStore.checkpoint(companiesProjection.name),
      ]);
    } catch (error) {
      throw new StoreUnavailable(error);
    }
    const stopped = this.work.stopped();
    if (stopped.length > 0) throw new BackgroundWorkStopped(stopped);
    if (projector === null) throw new ProjectionsNotRunning();
    const noKeys = await this.tokens.signingKeysUnavailable();
    if (noKeys !== undefined) throw new SigningKeysUnavailable(noKeys);
    return { status: 'ok' };
  }
}
