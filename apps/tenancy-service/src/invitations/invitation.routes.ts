import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { setRevision } from '../http/revision';
import { IDS, type Ids } from '@tenancy/platform';
import { CompanyCommands, withRevision } from '../team/company-commands';
import { PageQuery } from '../team/member.dto';
import { ReadAccess } from '../team/read-access';
import { Ctx, type RequestContext } from '../team/request-context';
import { InviteDto } from './invitation.dto';
import { InvitationQueries } from './invitation.queries';

type Reply = FastifyReply;

/** Owners and admins (and staff) invite people into their company; only they see the invitations. */
@ApiTags('invitations')
@ApiBearerAuth()
@Controller('v1/companies/:id/invitations')
export class InvitationRoutes {
  constructor(
    private readonly companies: CompanyCommands,
    private readonly invitations: InvitationQueries,
    private readonly access: ReadAccess,
    @Inject(IDS) private readonly ids: Ids,
  ) {}

  @Post()
  async invite(@Param('id', CompanyIdPipe) companyId: string, @Body() body: InviteDto, @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: Reply) {
    const invitationId = this.ids.next();
    const result = await this.companies.decide(ctx, 'InviteUser', { companyId, invitationId, ...body });
    void reply.status(201).header('location', `/v1/companies/${companyId}/invitations/${invitationId}`);
    return withRevision(reply, result, await this.invitations.get(companyId, invitationId));
  }

  @Get()
  async pending(@Param('id', CompanyIdPipe) companyId: string, @Query() query: PageQuery, @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: Reply) {
    const { company } = await this.access.require(companyId, ctx.actor, 'manageMembers');
    setRevision(reply, company.revision);
    return this.invitations.pending(companyId, query);
  }

  @Get(':invitationId')
  async get(@Param('id', CompanyIdPipe) companyId: string, @Param('invitationId') invitationId: string,
    @Ctx() ctx: RequestContext) {
    await this.access.require(companyId, ctx.actor, 'manageMembers');
    return this.invitations.get(companyId, invitationId);
  }

  /** Sends it again with a fresh validity period; also revives an expired one. */
  @Post(':invitationId/resend')
  @HttpCode(200)
  async resend(@Param('id', CompanyIdPipe) companyId: string, @Param('invitationId') invitationId: string,
    @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.companies.decide(ctx, 'ResendInvitation', { companyId, invitationId });
    return withRevision(reply, result, await this.invitations.get(companyId, invitationId));
  }

  @Delete(':invitationId')
  @HttpCode(204)
  async cancel(@Param('id', CompanyIdPipe) companyId: string, @Param('invitationId') invitationId: string,
    @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: Reply): Promise<void> {
    const result = await this.companies.decide(ctx, 'CancelInvitation', { companyId, invitationId });
    setRevision(reply, result.revision);
  }
}
