import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes, randomUUID } from 'node:crypto';
import { forbidden, type Actor } from '@tenancy/domain';
import { CLOCK, type Clock } from '@tenancy/platform';
import { CreateCompanyDto } from '../company/company.dto';
import { CurrentActor } from '../http/request-context';

/**
 * The honest baseline for `POST /v1/companies` in `npm run bench` (issue 13): the same guard,
 * interceptors, body rules and DTO validation, and an answer of the same size with the same
 * headers, but no command, no event and no read model. What create-company costs beyond this is
 * what storage and the domain cost. Mounted only with BENCH_ROUTES=true; not in the OpenAPI document.
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
}
