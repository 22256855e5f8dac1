import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor, CompanyCommand, CompanyEvent, CompanyState, InvitationSent } from '@tenancy/domain';
import type { FastifyReply } from 'fastify';
import { CommandMetadataFactory } from '../commands/command-metadata';
import type { Decided } from '../commands/stream-commands';
import { parseIfMatch, setRevision } from '../http/revision';
import { IDS, type Ids } from '@tenancy/platform';
import { CurrentActor, StaffOnly } from '../security/auth.guard';
import { Secrets } from '../security/secrets';
import { CompanyCommands, type CompanyDecided } from '../team/company-commands';
import type { RequestContext } from '../team/request-context';
import { CompanyIdPipe } from './company-id.pipe';
import { ChangeCompanyDetailsDto, CreateCompanyDto, DeleteCompanyDto, ListCompaniesQuery } from './company.dto';
import { DecideForCompany } from './company.handler';
import { CompanyQueries, companyDetail } from './company.queries';

type Reply = FastifyReply;

/** The first owner's invitation, as the create response shows it. */
export interface OwnerInvitation { id: string; email: string; role: string; expiresAt: string }

/**
 * Creating a company, for HTTP and Kafka alike: a fresh API token (the raw value is the
 * caller's to hand out, or to drop) and, when an owner email is given, the first owner's
 * invitation, decided as a second command on the new stream.
 */
export async function createCompany(
  companies: CompanyCommands, secrets: Secrets, ids: Ids, ctx: RequestContext, companyId: string, body: CreateCompanyDto,
): Promise<{ result: CompanyDecided; apiToken: string; ownerInvitation: OwnerInvitation | null }> {
  const token = secrets.newApiToken();
  const { ownerEmail, ...details } = body;
  const created = await companies.execute(
    companies.command(ctx, 'CreateCompany', { companyId, ...details, apiToken: token.fingerprint }));
  if (ownerEmail === undefined) return { result: created, apiToken: token.raw, ownerInvitation: null };
  const invitationId = ids.next();
  const invited = await companies.execute(
    companies.command(ctx, 'InviteUser', { companyId, invitationId, email: ownerEmail, role: 'owner' }));
  const sent = invited.events.find((e): e is InvitationSent => e.type === 'InvitationSent')!;
  const { role, expiresAt } = sent.data;
  return { result: invited, apiToken: token.raw, ownerInvitation: { id: invitationId, email: sent.data.email, role, expiresAt } };
}

/** Platform staff manage tenant companies. */
@ApiTags('companies')
@ApiBearerAuth()
@StaffOnly()
@Controller('v1/companies')
export class CompanyRoutes {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly companyCommands: CompanyCommands,
    private readonly companies: CompanyQueries,
    private readonly metadata: CommandMetadataFactory,
    private readonly secrets: Secrets,
    @Inject(IDS) private readonly ids: Ids,
  ) {}

  @Post()
  async create(@Body() body: CreateCompanyDto, @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') correlationId: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const companyId = this.ids.next();
    const { result, apiToken, ownerInvitation } =
      await createCompany(this.companyCommands, this.secrets, this.ids, { actor, correlationId }, companyId, body);
    void reply.status(201).header('location', `/v1/companies/${companyId}`);
    const detail = await this.respond(companyId, result, reply);
    return { ...detail, apiToken, ...(ownerInvitation ? { ownerInvitation } : {}) };
  }

  @Get()
  list(@Query() query: ListCompaniesQuery) {
    return this.companies.list(query);
  }

  @Get(':id')
  async get(@Param('id', CompanyIdPipe) companyId: string, @Res({ passthrough: true }) reply: Reply) {
    const view = await this.companies.get(companyId);
    setRevision(reply, view.revision);
    return companyDetail(view);
  }

  @Patch(':id')
  async change(@Param('id', CompanyIdPipe) companyId: string, @Body() body: ChangeCompanyDetailsDto,
    @CurrentActor() actor: Actor, @Headers('x-correlation-id') correlationId: string | undefined,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.decide(actor, correlationId,
      (metadata) => ({ type: 'ChangeCompanyDetails', data: { companyId, ...body }, metadata }), ifMatch);
    return this.respond(companyId, result, reply);
  }

  @Post(':id/activate')
  @HttpCode(200)
  async activate(@Param('id', CompanyIdPipe) companyId: string, @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.decide(actor, correlationId,
      (metadata) => ({ type: 'ActivateCompany', data: { companyId }, metadata }), ifMatch);
    return this.respond(companyId, result, reply);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  async deactivate(@Param('id', CompanyIdPipe) companyId: string, @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.decide(actor, correlationId,
      (metadata) => ({ type: 'DeactivateCompany', data: { companyId }, metadata }), ifMatch);
    return this.respond(companyId, result, reply);
  }

  /** Regenerates the API token; the old one stops working at once. */
  @Post(':id/api-token')
  @HttpCode(200)
  async regenerateToken(@Param('id', CompanyIdPipe) companyId: string, @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: Reply) {
    const token = this.secrets.newApiToken();
    const result = await this.decide(actor, correlationId,
      (metadata) => ({ type: 'RegenerateApiToken', data: { companyId, apiToken: token.fingerprint }, metadata }), ifMatch);
    return { ...(await this.respond(companyId, result, reply)), apiToken: token.raw };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', CompanyIdPipe) companyId: string, @Body() body: DeleteCompanyDto,
    @CurrentActor() actor: Actor, @Headers('x-correlation-id') correlationId: string | undefined,
    @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    await this.decide(actor, correlationId,
      (metadata) => ({ type: 'DeleteCompany', data: { companyId, confirmName: body.confirmName }, metadata }), ifMatch);
  }

  private decide(actor: Actor, correlationId: string | undefined,
    build: (metadata: ReturnType<CommandMetadataFactory['create']>) => CompanyCommand, ifMatch?: string) {
    const expected = parseIfMatch(ifMatch);
    return this.commandBus.execute<DecideForCompany, Decided<CompanyState, CompanyEvent>>(
      new DecideForCompany(build(this.metadata.create(actor, correlationId)), expected));
  }

  private async respond(companyId: string, result: Decided<CompanyState, CompanyEvent>, reply: Reply) {
    setRevision(reply, result.revision);
    return { ...companyDetail(await this.companies.get(companyId)), revision: Number(result.revision) };
  }
}
