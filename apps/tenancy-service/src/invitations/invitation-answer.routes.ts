import { Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { parseIfMatch } from '../http/revision';
import { MembershipLimit } from '../membership/membership-limit';
import { CompanyCommands, withRevision } from '../team/company-commands';
import { MemberQueries } from '../team/member.queries';
import { Ctx, type RequestContext } from '../team/request-context';
import { InvitationQueries } from './invitation.queries';

type Reply = FastifyReply;

/**
 * The invitee answers, proven by the email in their token (any case). The link carries only the
 * invitation id: the read model finds its company, and the company stream decides.
 */
@ApiTags('invitations')
@ApiBearerAuth()
@Controller('v1/invitations/:invitationId')
export class InvitationAnswerRoutes {
  constructor(
    private readonly companies: CompanyCommands,
    private readonly invitations: InvitationQueries,
    private readonly members: MemberQueries,
    private readonly memberships: MembershipLimit,
  ) {}

  /** Joining takes one of the caller's places under the membership limit. */
  @Post('accept')
  @HttpCode(200)
  async accept(@Param('invitationId') invitationId: string, @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: Reply) {
    const { companyId } = await this.invitations.locate(invitationId);
    const command = this.companies.command(ctx, 'AcceptInvitation', { companyId, invitationId });
    const result = await this.memberships.join(command, (join) => this.companies.execute(join, parseIfMatch(ctx.ifMatch)));
    return withRevision(reply, result, { companyId, ...(await this.members.get(companyId, ctx.actor.userId)) });
  }

  @Post('decline')
  @HttpCode(200)
  async decline(@Param('invitationId') invitationId: string, @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: Reply) {
    const { companyId } = await this.invitations.locate(invitationId);
    const result = await this.companies.decide(ctx, 'DeclineInvitation', { companyId, invitationId });
    return withRevision(reply, result, { companyId, ...(await this.invitations.get(companyId, invitationId)) });
  }
}
