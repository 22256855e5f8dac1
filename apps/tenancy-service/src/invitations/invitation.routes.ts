import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor, InvitationSent } from '@tenancy/domain';
import type { CommandContext } from '../commands/command-context';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { noContent, respond, versionedPage, versionedResource } from '../http/command-response';
import { VersionedRead } from '../http/http-interceptors';
import { Ctx, CurrentActor } from '../http/request-context';
import { ReadAccess } from '../members/read-access';
import { InviteDto, ListInvitationsQuery } from './invitation.dto';
import { InvitationQueries } from './invitation.queries';
import { Returns } from '../openapi/openapi-extras';
import { Invitation, InvitationPage } from './invitation.responses';

/** Owners and admins (and staff) invite people into their company; only they see the invitations. */
@ApiTags('invitations')
@ApiBearerAuth()
@Controller('v1/companies/:id/invitations')
export class InvitationRoutes {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly invitations: InvitationQueries,
    private readonly access: ReadAccess,
  ) {}

  @Post()
  @Returns(Invitation)
  async invite(@Param('id', CompanyIdPipe) companyId: string, @Body() body: InviteDto, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('InviteUser', { companyId, ...body }, ctx));
    const { invitationId } = result.events.find((e): e is InvitationSent => e.type === 'InvitationSent')!.data;
    return respond(result, () => this.invitations.get(companyId, invitationId),
      { location: `/v1/companies/${companyId}/invitations/${invitationId}` });
  }

  @Get()
  @Returns(InvitationPage)
  @VersionedRead()
  async list(@Param('id', CompanyIdPipe) companyId: string, @Query() query: ListInvitationsQuery, @CurrentActor() actor: Actor) {
    const { company } = await this.access.require(companyId, actor, 'manageMembers');
    return versionedPage(company.revision, await this.invitations.list(companyId, query));
  }

  @Get(':invitationId')
  @Returns(Invitation)
  @VersionedRead()
  async get(@Param('id', CompanyIdPipe) companyId: string, @Param('invitationId') invitationId: string, @CurrentActor() actor: Actor) {
    const { company } = await this.access.require(companyId, actor, 'manageMembers');
    return versionedResource(company.revision, await this.invitations.get(companyId, invitationId));
  }

  /** Sends it again with a fresh validity period; also revives an expired one. */
  @Post(':invitationId/resend')
  @HttpCode(200)
  @Returns(Invitation)
  async resend(@Param('id', CompanyIdPipe) companyId: string, @Param('invitationId') invitationId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('ResendInvitation', { companyId, invitationId }, ctx));
    return respond(result, () => this.invitations.get(companyId, invitationId));
  }

  @Delete(':invitationId')
  @HttpCode(204)
  async cancel(@Param('id', CompanyIdPipe) companyId: string, @Param('invitationId') invitationId: string, @Ctx() ctx: CommandContext) {
    return noContent(await this.commandBus.execute(new RunCompanyCommand('CancelInvitation', { companyId, invitationId }, ctx)));
  }
}
