import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { requireExisting, type Actor } from '@tenancy/domain';
import { settingsAsOf } from '../audit/as-of';
import { AsOfQuery } from '../audit/audit.dto';
import { AuditQueries } from '../audit/audit.queries';
import type { CommandContext } from '../commands/command-context';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { respond, versioned } from '../http/command-response';
import { VersionedRead } from '../http/http-interceptors';
import { Ctx, CurrentActor } from '../http/request-context';
import { ReadAccess } from '../members/read-access';
import { TenantSettingsDto } from './tenant.dto';
import { settingsBody, TenantQueries } from './tenant.queries';
import { Returns } from '../openapi/openapi-extras';
import { TenantSecret, TenantSettings } from './tenant.responses';

/** Owners and admins (and staff) manage their tenant: its signing secret and its settings. */
@ApiTags('tenant')
@ApiBearerAuth()
@Controller('v1/companies/:id')
export class TenantRoutes {
  constructor(
    private readonly commandBus: CommandBus, private readonly tenants: TenantQueries, private readonly access: ReadAccess,
    private readonly audit: AuditQueries,
  ) {}

  /** A new secret: the raw value is in this response only; the event stores it encrypted. */
  @Post('secret')
  @HttpCode(200)
  @Returns(TenantSecret)
  async rotateSecret(@Param('id', CompanyIdPipe) companyId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('RotateTenantSecret', { companyId }, ctx));
    return respond(result, () => ({ secret: result.handout.secret, version: requireExisting(result.state).tenant.secretVersion }));
  }

  @Get('settings')
  @Returns(TenantSettings)
  @VersionedRead()
  async settings(@Param('id', CompanyIdPipe) companyId: string, @Query() query: AsOfQuery, @CurrentActor() actor: Actor) {
    await this.access.require(companyId, actor, 'manageTenant');
    if (query.asOf) {
      const state = await this.audit.asOf(companyId, query.asOf);
      return { ...settingsAsOf(state), secretVersion: state.secretVersion, revision: state.revision };
    }
    const view = await this.tenants.get(companyId);
    return versioned(view.revision, settingsBody(view));
  }

  @Put('settings')
  @Returns(TenantSettings)
  async changeSettings(@Param('id', CompanyIdPipe) companyId: string, @Body() body: TenantSettingsDto, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('ChangeTenantSettings', { companyId, ...body }, ctx));
    return respond(result, async () => {
      const { revision: _revision, ...current } = settingsBody(await this.tenants.get(companyId));
      return current;
    });
  }
}
