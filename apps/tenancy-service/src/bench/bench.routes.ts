import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes, randomUUID } from 'node:crypto';
import { forbidden, type Actor } from '@tenancy/domain';
import { CLOCK, type Clock } from '@tenancy/platform';
import { CreateCompanyDto, ListCompaniesQuery } from '../company/company.dto';
import { CurrentActor } from '../http/request-context';

/**
 * The honest baselines of `npm run bench` (issue 13), mounted only with BENCH_ROUTES=true and not in
 * the OpenAPI document. For `POST /v1/companies`: the same guard, interceptors, body rules and DTO
 * validation, and an answer of the same size with the same headers, but no command, no event and
 * no read model; what create-company costs beyond it is what storage and the domain cost. For
 * `GET /v1/companies?limit=50`, beside its goal's baseline (the no-op GET): the same guard and query
 * rules and a page of the same shape, read from no store, so the bench can say how much of the
 * list is the framework's and how much the read model's.
 */
@ApiExcludeController()
@Controller('bench')
export class BenchRoutes {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  @Post('companies')
  create(@Body() body: CreateCompanyDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown; status(code: number): unknown }) {
    if (!actor.staff) throw forbidden('bench.staff_only', 'Platform staff only');
    const id = randomUUID();
    const now = this.clock.now().toISOString();
    const apiToken = `tnc_${randomBytes(32).toString('base64url')}`;
    reply.status(201);
    reply.header('location', `/v1/companies/${id}`);
    reply.header('etag', 'W/"0"');
    return {
      id, name: body.name, environment: body.environment, baseUrl: body.baseUrl ?? null, timezone: body.timezone,
      defaultLanguage: body.defaultLanguage, contactEmail: null, active: false, apiTokenPrefix: apiToken.slice(0, 12),
      userCount: 0, ownerUserId: null, createdAt: now, lastActivityAt: now, revision: 0, apiToken,
    };
  }

  @Get('companies')
  list(@Query() query: ListCompaniesQuery, @CurrentActor() actor: Actor) {
    if (!actor.staff) throw forbidden('bench.staff_only', 'Platform staff only');
    return { items: this.page.slice(0, query.limit ?? 50), nextCursor: this.page[this.page.length - 1].id };
  }

  /** Fifty companies as the list shows them, of the sizes the bench's own creates have. */
  private readonly page = Array.from({ length: 50 }, (_, i) => {
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    return { id: randomUUID(), name: `Bench GmbH ${i}`, environment: 'staging', userCount: 0, active: false, createdAt: at, lastActivityAt: at };
  });
}
