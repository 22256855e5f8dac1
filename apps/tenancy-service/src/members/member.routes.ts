import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { parseIfMatch, setRevision } from '../http/revision';
import { MembershipLimit } from '../membership/membership-limit';
import { CompanyCommands, withRevision } from './company-commands';
import { ChangeRoleDto, LinkUserDto, PageQuery } from './member.dto';
import { MemberQueries } from './member.queries';
import { ReadAccess } from './read-access';
import { Ctx, type RequestContext } from './request-context';

type Reply = FastifyReply;

/** The people of one company. Every member may read the list; owners and admins (and staff) change it. */
@ApiTags('members')
@ApiBearerAuth()
@Controller('v1/companies/:id/members')
export class MemberRoutes {
  constructor(
    private readonly companies: CompanyCommands,
    private readonly members: MemberQueries,
    private readonly access: ReadAccess,
    private readonly memberships: MembershipLimit,
  ) {}

  @Get()
  async list(@Param('id', CompanyIdPipe) companyId: string, @Query() query: PageQuery, @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: Reply) {
    const { company } = await this.access.require(companyId, ctx.actor, 'readMembers');
    setRevision(reply, company.revision);
    return this.members.list(company, query);
  }

  /** Staff link an existing user; it takes one of the user's places under the membership limit. */
  @Post()
  async link(@Param('id', CompanyIdPipe) companyId: string, @Body() body: LinkUserDto, @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: Reply) {
    const command = this.companies.command(ctx, 'LinkUser', { companyId, ...body });
    const result = await this.memberships.join(command, (join) => this.companies.execute(join, parseIfMatch(ctx.ifMatch)));
    void reply.status(201).header('location', `/v1/companies/${companyId}/members/${encodeURIComponent(body.userId)}`);
    return withRevision(reply, result, await this.members.get(companyId, body.userId));
  }

  @Patch(':userId')
  async changeRole(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string,
    @Body() body: ChangeRoleDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.companies.decide(ctx, 'ChangeMemberRole', { companyId, userId, role: body.role });
    return withRevision(reply, result, await this.members.get(companyId, userId));
  }

  @Delete(':userId')
  @HttpCode(204)
  async remove(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string,
    @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: Reply): Promise<void> {
    // Staff take someone out of a company as an unlink (the counterpart of their link);
    // the company's own administrators remove a member.
    const result = ctx.actor.staff
      ? await this.companies.decide(ctx, 'UnlinkUser', { companyId, userId })
      : await this.companies.decide(ctx, 'RemoveMember', { companyId, userId });
    setRevision(reply, result.revision);
  }

  @Post(':userId/deactivate')
  @HttpCode(200)
  async deactivate(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string,
    @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.companies.decide(ctx, 'DeactivateMember', { companyId, userId });
    return withRevision(reply, result, await this.members.get(companyId, userId));
  }

  @Post(':userId/reactivate')
  @HttpCode(200)
  async reactivate(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string,
    @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.companies.decide(ctx, 'ReactivateMember', { companyId, userId });
    return withRevision(reply, result, await this.members.get(companyId, userId));
  }
}
