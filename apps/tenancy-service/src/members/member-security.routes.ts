import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../commands/command-context';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { CompanyIdPipe } from '../company/company-id.pipe';
import { respond } from '../http/command-response';
import { Ctx } from '../http/request-context';
import { MfaDto } from './member.dto';
import { MemberQueries } from './member.queries';
import { Returns } from '../openapi/openapi-extras';
import { Accepted, Member } from './member.responses';

/**
 * Account security of one member. We hold no passwords or second factors: these become events
 * the identity system acts on. A member may always act on their own account.
 */
@ApiTags('members')
@ApiBearerAuth()
@Controller('v1/companies/:id/members/:userId')
export class MemberSecurityRoutes {
  constructor(private readonly commandBus: CommandBus, private readonly members: MemberQueries) {}

  /** Accepted, not done: the identity system sends the reset mail. */
  @Post('password-reset')
  @HttpCode(202)
  @Returns(Accepted)
  async requestPasswordReset(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('RequestPasswordReset', { companyId, userId }, ctx));
    return respond(result, () => ({}));
  }

  /** The member (or the platform for them) records a sign-in at the current time. */
  @Post('sign-ins')
  @HttpCode(200)
  @Returns(Member)
  async recordSignIn(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('RecordSignIn', { companyId, userId }, ctx));
    return respond(result, () => this.members.get(companyId, userId));
  }

  @Put('mfa')
  @Returns(Member)
  async setMfa(@Param('id', CompanyIdPipe) companyId: string, @Param('userId') userId: string, @Body() body: MfaDto,
    @Ctx() ctx: CommandContext) {
    const type = body.enabled ? 'EnableMemberMfa' : 'DisableMemberMfa';
    const result = await this.commandBus.execute(new RunCompanyCommand(type, { companyId, userId }, ctx));
    return respond(result, () => this.members.get(companyId, userId));
  }
}
