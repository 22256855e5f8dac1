import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@tenancy/domain';
import { companiesProjection, membersProjection, type CompanyView, type MemberView } from '@tenancy/projections';
import type { ReadStore } from '@tenancy/read-store';
import { READ_STORE } from '@tenancy/platform';
import { CurrentActor } from '../http/request-context';

/** A user holds at most 30 memberships (MEMBERSHIP_LIMIT), so one page holds them all. */
const MAX_MEMBERSHIPS = 100;

/** The caller's own view: the companies they may switch between. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('v1/me')
export class MeRoutes {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /** Companies the caller is an active member of, with their role there; deactivated memberships do not count. */
  @Get('companies')
  async companies(@CurrentActor() actor: Actor) {
    const memberships = await this.readStore.list(membersProjection.name, {
      filter: { userId: actor.userId, status: 'active' },
      sort: { field: 'joinedAt', descending: false },
      limit: MAX_MEMBERSHIPS,
    });
    const items = await Promise.all((memberships.items as MemberView[]).map(async (member) => {
      const company = await this.readStore.get(companiesProjection.name, member.companyId) as CompanyView | null;
      return company && {
        id: company.companyId, name: company.name, active: company.active,
        role: member.role, joinedAt: member.joinedAt,
      };
    }));
    return { items: items.filter((item) => item !== null).sort((a, b) => a.name.localeCompare(b.name)) };
  }
}
