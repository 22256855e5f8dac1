import { Body, Controller, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { CompanyCommands, withRevision } from './company-commands';
import { MfaDto } from './member.dto';
import { MemberQueries } from './member.queries';
import { Ctx, type RequestContext } from './request-context';

type Reply = FastifyReply;

/**
 * Account security of one member. We hold no passwords or second factors: these become events
 * the identity system acts on. A member may always act on their own account.
 */
@ApiTags('members')
@ApiBearerAuth()
@Controller('v1/companies/:id/members/:userId')
export class MemberSecurityRoutes {
  constructor(private readonly companies: CompanyCommands, private readonly members: MemberQueries) {}

  /** Accepted, not done: the identity system sends the reset mail. */
  @Post('password-reset')
  @HttpCode(202)
  async requestPasswordReset(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string,
    @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.companies.decide(ctx, 'RequestPasswordReset', { companyId, userId });
    return withRevision(reply, result, {});
  }

  /** The member (or the platform for them) records a sign-in at the current time. */
  @Post('sign-ins')
  @HttpCode(200)
  async recordSignIn(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string,
    @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.companies.decide(ctx, 'RecordSignIn', { companyId, userId });
    return withRevision(reply, result, await this.members.get(companyId, userId));
  }

  @Put('mfa')
  async setMfa(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string, @Body() body: MfaDto,
    @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: Reply) {
    const result = await this.companies.decide(ctx, body.enabled ? 'EnableMemberMfa' : 'DisableMemberMfa', { companyId, userId });
    return withRevision(reply, result, await this.members.get(companyId, userId));
  }
}
