import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { InvitationSent } from '@tenancy/domain';
import { companyAsOf } from '../audit/as-of';
import { AsOfQuery } from '../audit/audit.dto';
import { AuditQueries } from '../audit/audit.queries';
import type { CommandContext } from '../commands/command-context';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { StaffOnly } from '../http/auth.guard';
import { noContent, respond, versioned } from '../http/command-response';
import { VersionedRead } from '../http/http-interceptors';
import { Ctx } from '../http/request-context';
import { CreatesCompany } from '../http/revision';
import { CompanyIdPipe } from './company-id.pipe';
import { ChangeCompanyDetailsDto, CreateCompanyDto, DeleteCompanyDto, ListCompaniesQuery } from './company.dto';
import { CompanyQueries, companyDetail } from './company.queries';
import { Returns } from '../openapi/openapi-extras';
import { CompanyDetail, CompanyPage, CompanyWithToken, CreatedCompany } from './company.responses';

/** Platform staff manage tenant companies. */
@ApiTags('companies')
@ApiBearerAuth()
@StaffOnly()
@Controller('v1/companies')
export class CompanyRoutes {
  constructor(private readonly commandBus: CommandBus, private readonly companies: CompanyQueries, private readonly audit: AuditQueries) {}

  /** The API token is in this response only; with `ownerEmail`, so is the first owner's invitation. */
  @Post()
  @CreatesCompany()
  @Returns(CreatedCompany)
  async create(@Body() body: CreateCompanyDto, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('CreateCompany', body, ctx));
    const { companyId } = result;
    const invitation = result.events.find((e): e is InvitationSent => e.type === 'InvitationSent');
    return respond(result, async () => ({
      ...(await this.detail(companyId)),
      apiToken: result.handout.apiToken,
      ...(invitation ? { ownerInvitation: ownerInvitation(invitation) } : {}),
    }), { location: `/v1/companies/${companyId}` });
  }

  @Get()
  @Returns(CompanyPage)
  list(@Query() query: ListCompaniesQuery) {
    return this.companies.list(query);
  }

  @Get(':id')
  @Returns(CompanyDetail)
  @VersionedRead()
  async get(@Param('id', CompanyIdPipe) companyId: string, @Query() query: AsOfQuery) {
    const view = await this.companies.get(companyId);
    // As it was then, folded from its events; a company deleted since is not found here (staff: /v1/audit/companies/:id).
    if (query.asOf) return companyAsOf(await this.audit.asOf(companyId, query.asOf));
    return versioned(view.revision, companyDetail(view));
  }

  @Patch(':id')
  @Returns(CompanyDetail)
  async change(@Param('id', CompanyIdPipe) companyId: string, @Body() body: ChangeCompanyDetailsDto, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('ChangeCompanyDetails', { companyId, ...body }, ctx));
    return respond(result, () => this.detail(companyId));
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Returns(CompanyDetail)
  async activate(@Param('id', CompanyIdPipe) companyId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('ActivateCompany', { companyId }, ctx));
    return respond(result, () => this.detail(companyId));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Returns(CompanyDetail)
  async deactivate(@Param('id', CompanyIdPipe) companyId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('DeactivateCompany', { companyId }, ctx));
    return respond(result, () => this.detail(companyId));
  }

  /** Regenerates the API token, shown in this response only; the old one stops working at once. */
  @Post(':id/api-token')
  @HttpCode(200)
  @Returns(CompanyWithToken)
  async regenerateToken(@Param('id', CompanyIdPipe) companyId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('RegenerateApiToken', { companyId }, ctx));
    return respond(result, async () => ({ ...(await this.detail(companyId)), apiToken: result.handout.apiToken }));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', CompanyIdPipe) companyId: string, @Body() body: DeleteCompanyDto, @Ctx() ctx: CommandContext) {
    return noContent(await this.commandBus.execute(new RunCompanyCommand('DeleteCompany', { companyId, ...body }, ctx)));
  }

  private async detail(companyId: string) {
    return companyDetail(await this.companies.get(companyId));
  }
}

/** The first owner's invitation, as the create response shows it. */
function ownerInvitation({ data }: InvitationSent) {
  return { id: data.invitationId, email: data.email, role: data.role, expiresAt: data.expiresAt };
}
