import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { membershipsQuery } from '@tenancy/projections';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { tokenEmail, type Actor } from '@tenancy/domain';
import type { CommandContext } from '../commands/command-context';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { CreateOwnCompanyDto } from '../company/company.dto';
import { CompanyQueries, companyDetail } from '../company/company.queries';
import { respond } from '../http/command-response';
import { PageQuery } from '../http/page.query';
import { Ctx, CurrentActor } from '../http/request-context';
import { CreatesCompany } from '../http/revision';
import { Switchable } from '../http/switched-off.guard';
import { ReadModels } from '../infrastructure/read-models';
import { InvitationQueries } from '../invitations/invitation.queries';
import { AlsoRefuses, Returns } from '../openapi/openapi-extras';
import { CompanyWithToken } from '../company/company.responses';
import { MyCompaniesQuery } from './me.dto';
import { Me, MyCompanies, MyInvitationPage } from './me.responses';

/** A user holds at most 30 memberships (MEMBERSHIP_LIMIT), so one page holds them all. */
const MAX_MEMBERSHIPS = 100;

/** The caller's own view: the companies they may switch between, and the invitations they may answer. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('v1/me')
export class MeRoutes {
  constructor(
    private readonly readModels: ReadModels,
    private readonly commandBus: CommandBus,
    private readonly companyQueries: CompanyQueries,
    private readonly invitationQueries: InvitationQueries,
  ) {}

  /**
   * Who the bearer token says the caller is, as the service reads it: staff by the configured
   * claim, and the email as invitations and founding use it (tokenEmail), not as the claim spells it.
   */
  @Get()
  @Returns(Me)
  me(@CurrentActor() actor: Actor): Me {
    return {
      userId: actor.userId, staff: actor.staff, email: tokenEmail(actor),
      ...(actor.emailVerified !== undefined ? { emailVerified: actor.emailVerified } : {}),
    };
  }

  /** A company of one's own, with the caller as its owner; the API token is in this response only. */
  @Post('companies')
  @CreatesCompany()
  @Returns(CompanyWithToken)
  @Switchable('CreateOwnCompany')
  async createOwn(@Body() body: CreateOwnCompanyDto, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('CreateOwnCompany', body, ctx));
    const { companyId } = result;
    return respond(result, async () => ({ ...companyDetail(await this.companyQueries.get(companyId)), apiToken: result.handout.apiToken }),
      { location: `/v1/companies/${companyId}` });
  }

  /**
   * Companies the caller is an active member of, with their role there: the ones they can open.
   * `status=deactivated` lists those where they were deactivated: no access, but each holds one of
   * their 30 places, so this is where to look when a join is refused with user.membership_limit
   * (they free one by leaving: DELETE /v1/companies/:id/members/:userId with their own id).
   */
  @Get('companies')
  @Returns(MyCompanies)
  async companies(@Query() query: MyCompaniesQuery, @CurrentActor() actor: Actor) {
    const memberships = await this.readModels.members.list(membershipsQuery(actor.userId, MAX_MEMBERSHIPS, query.status ?? ['active']));
    const items = await Promise.all(memberships.items.map(async (member) => {
      const company = await this.readModels.companies.get(member.companyId);
      return company && {
        id: company.companyId, name: company.name, active: company.active,
        role: member.role, status: member.status, joinedAt: member.joinedAt,
      };
    }));
    return { items: items.filter((item) => item !== null).sort((a, b) => a.name.localeCompare(b.name)) };
  }

  /**
   * Invitations sent to the caller's email (the token's, in any case) that they can answer now, in
   * every company: not answered, cancelled or expired. Soonest expiry first, so what runs out first
   * is read first. None without an email in the token.
   */
  @Get('invitations')
  @Returns(MyInvitationPage)
  @AlsoRefuses({ 403: 'The token\'s email is one the identity provider says is unverified (`invitation.email_unverified`)' })
  invitations(@Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return this.invitationQueries.openTo(actor, query);
  }
}
