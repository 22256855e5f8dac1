import { Body, Controller, Get, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@tenancy/domain';
import type { CommandContext } from '../commands/command-context';
import { RunCompanyCommand } from '../commands/company-command.handler';
import { CreateOwnCompanyDto } from '../company/company.dto';
import { CompanyQueries, companyDetail } from '../company/company.queries';
import { respond } from '../http/command-response';
import { Ctx, CurrentActor } from '../http/request-context';
import { ReadModels } from '../infrastructure/read-models';
import { Returns } from '../openapi/openapi-extras';
import { CompanyWithToken } from '../company/company.responses';
import { Me, MyCompanies } from './me.responses';

/** A user holds at most 30 memberships (MEMBERSHIP_LIMIT), so one page holds them all. */
const MAX_MEMBERSHIPS = 100;

/** The caller's own view: the companies they may switch between. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('v1/me')
export class MeRoutes {
  constructor(private readonly readModels: ReadModels, private readonly commandBus: CommandBus, private readonly companyQueries: CompanyQueries) {}

  /** Who the bearer token says the caller is, as the service reads it (staff and email by the configured claims). */
  @Get()
  @Returns(Me)
  me(@CurrentActor() actor: Actor): Me {
    return {
      userId: actor.userId, staff: actor.staff, email: actor.email ?? null,
      ...(actor.emailVerified !== undefined ? { emailVerified: actor.emailVerified } : {}),
    };
  }

  /** A company of one's own, with the caller as its owner; the API token is in this response only. */
  @Post('companies')
  @Returns(CompanyWithToken)
  async createOwn(@Body() body: CreateOwnCompanyDto, @Ctx() ctx: CommandContext) {
    const result = await this.commandBus.execute(new RunCompanyCommand('CreateOwnCompany', body, ctx));
    const { companyId } = result;
    return respond(result, async () => ({ ...companyDetail(await this.companyQueries.get(companyId)), apiToken: result.handout.apiToken }),
      { location: `/v1/companies/${companyId}` });
  }

  /** Companies the caller is an active member of, with their role there; deactivated memberships do not count. */
  @Get('companies')
  @Returns(MyCompanies)
  async companies(@CurrentActor() actor: Actor) {
    const memberships = await this.readModels.members.list({
      filter: { userId: actor.userId, status: 'active' },
      sort: { field: 'joinedAt', descending: false },
      limit: MAX_MEMBERSHIPS,
    });
    const items = await Promise.all(memberships.items.map(async (member) => {
      const company = await this.readModels.companies.get(member.companyId);
      return company && {
        id: company.companyId, name: company.name, active: company.active,
        role: member.role, joinedAt: member.joinedAt,
      };
    }));
    return { items: items.filter((item) => item !== null).sort((a, b) => a.name.localeCompare(b.name)) };
  }
}
