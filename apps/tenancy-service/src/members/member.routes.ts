import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { memberPageAsOf } from '../audit/as-of';
import { AuditQueries } from '../audit/audit.queries';
import type { CommandContext } from '../commands/command-context';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { noContent, respond, versionedPage } from '../http/command-response';
import { VersionedRead } from '../http/http-interceptors';
import { Ctx, CurrentActor } from '../http/request-context';
import type { Actor } from '@tenancy/domain';
import { ChangeRoleDto, LinkUserDto, MemberListQuery } from './member.dto';
import { MemberQueries } from './member.queries';
import { ReadAccess } from './read-access';
import { Returns } from '../openapi/openapi-extras';
import { Member, MemberPage } from './member.responses';

/** The people of one company. Every member may read the list; owners and admins (and staff) change it. */
@ApiTags('members')
@ApiBearerAuth()
@Controller('v1/companies/:id/members')
export class MemberRoutes {
  constructor(
    private readonly commandBus: CommandBus, private readonly members: MemberQueries, private readonly access: ReadAccess,
    private readonly audit: AuditQueries,
  ) {}

  @Get()
  @Returns(MemberPage)
  @VersionedRead()
  async list(@Param('id', CompanyIdPipe) companyId: string, @Query() query: MemberListQuery, @CurrentActor() actor: Actor) {
    const { company } = await this.access.require(companyId, actor, 'readMembers');
    if (query.asOf) return memberPageAsOf(await this.audit.asOf(companyId, query.asOf), query, this.audit.cursors);
    return versionedPage(company.revision, await this.members.list(company, query));
  }

  /** Staff link an existing user; it takes one of the user's places under the membership limit. */
  @Post()
  @Returns(Member)
  async link(@Param('id', CompanyIdPipe) companyId: string, @Body() body: LinkUserDto, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('LinkUser', { companyId, ...body }, ctx));
    return respond(result, () => this.members.get(companyId, body.userId),
      { location: `/v1/companies/${companyId}/members/${encodeURIComponent(body.userId)}` });
  }

  @Patch(':userId')
  @Returns(Member)
  async changeRole(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string,
    @Body() body: ChangeRoleDto, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('ChangeMemberRole', { companyId, userId, ...body }, ctx));
    return respond(result, () => this.members.get(companyId, userId));
  }

  /** Staff take someone out as an unlink (the counterpart of their link); the company's own administrators remove a member. */
  @Delete(':userId')
  @HttpCode(204)
  async remove(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string, @Ctx() ctx: CommandContext) {
    const type = ctx.actor.staff ? 'UnlinkUser' : 'RemoveMember';
    return noContent(await this.commandBus.execute(new RunCompanyCommand(type, { companyId, userId }, ctx)));
  }

  @Post(':userId/deactivate')
  @HttpCode(200)
  @Returns(Member)
  async deactivate(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('DeactivateMember', { companyId, userId }, ctx));
    return respond(result, () => this.members.get(companyId, userId));
  }

  @Post(':userId/reactivate')
  @HttpCode(200)
  @Returns(Member)
  async reactivate(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('ReactivateMember', { companyId, userId }, ctx));
    return respond(result, () => this.members.get(companyId, userId));
  }
}
