import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../commands/command-context';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { respond } from '../http/command-response';
import { Ctx } from '../http/request-context';
import { MemberQueries } from '../members/member.queries';
import { InvitationQueries } from './invitation.queries';
import { Returns } from '../openapi/openapi-extras';
import { DeclinedInvitation, JoinedCompany } from './invitation.responses';

/**
 * The invitee answers, proven by the email in their token (any case). The link carries only the
 * invitation id: the read model finds its company, and the company stream decides.
 */
@ApiTags('invitations')
@ApiBearerAuth()
@Controller('v1/invitations/:invitationId')
export class InvitationAnswerRoutes {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly invitations: InvitationQueries,
    private readonly members: MemberQueries,
  ) {}

  /** Joining takes one of the caller's places under the membership limit. */
  @Post('accept')
  @HttpCode(200)
  @Returns(JoinedCompany)
  async accept(@Param('invitationId') invitationId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('AcceptInvitation', { invitationId }, ctx));
    const { companyId } = result;
    return respond(result, async () => ({ companyId, ...(await this.members.get(companyId, ctx.actor.userId)) }));
  }

  @Post('decline')
  @HttpCode(200)
  @Returns(DeclinedInvitation)
  async decline(@Param('invitationId') invitationId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('DeclineInvitation', { invitationId }, ctx));
    const { companyId } = result;
    return respond(result, async () => ({ companyId, ...(await this.invitations.get(companyId, invitationId)) }));
  }
}
