import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { requireExisting, type TenantSettings } from '@tenancy/domain';
import type { FastifyReply } from 'fastify';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { setRevision } from '../http/revision';
import { Secrets } from '../security/secrets';
import { CompanyCommands, withRevision } from '../team/company-commands';
import { ReadAccess } from '../team/read-access';
import { Ctx, type RequestContext } from '../team/request-context';
import { TenantSettingsDto } from './tenant.dto';
import { settingsBody, TenantQueries } from './tenant.queries';

type Reply = FastifyReply;

/** Owners and admins (and staff) manage their tenant: its signing secret and its settings. */
@ApiTags('tenant')
@ApiBearerAuth()
@Controller('v1/companies/:id')
export class TenantRoutes {
  constructor(
    private readonly companies: CompanyCommands,
    private readonly tenants: TenantQueries,
    private readonly access: ReadAccess,
    private readonly secrets: Secrets,
  ) {}

  /** A new secret: the raw value is in this response only; the event stores it encrypted. */
  @Post('secret')
  @HttpCode(200)
  async rotateSecret(@Param('id', CompanyIdPipe) companyId: string, @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: Reply) {
    const secret = this.secrets.newTenantSecret();
    const result = await this.companies.decide(ctx, 'RotateTenantSecret', { companyId, secretCiphertext: secret.ciphertext });
    const { secretVersion } = requireExisting(result.state).tenant;
    return withRevision(reply, result, { secret: secret.raw, version: secretVersion });
  }

  @Get('settings')
  async settings(@Param('id', CompanyIdPipe) companyId: string, @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: Reply) {
    await this.access.require(companyId, ctx.actor, 'manageTenant');
    const view = await this.tenants.get(companyId);
    setRevision(reply, view.revision);
    return settingsBody(view);
  }

  @Put('settings')
  async changeSettings(@Param('id', CompanyIdPipe) companyId: string, @Body() body: TenantSettingsDto,
    @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.companies.decide(ctx, 'ChangeTenantSettings', { companyId, ...(body as TenantSettings) });
    const { revision: _revision, ...current } = settingsBody(await this.tenants.get(companyId));
    return withRevision(reply, result, current);
  }
}
