import { Inject, Injectable } from '@nestjs/common';
import { accessFor, companyNotFound, forbidden, may, type Actor, type Granted, type Permission } from '@tenancy/domain';
import {
  companiesProjection, memberDocumentId, membersProjection, type CompanyView, type MemberView,
} from '@tenancy/projections';
import type { ReadStore } from '@tenancy/read-store';
import { READ_STORE } from '@tenancy/platform';

/**
 * Reads follow the rule the domain applies to writes, through the same `accessFor` and `may`:
 * staff read everything; anyone who is not an active member is told the company does not
 * exist; a member whose role lacks the permission is refused.
 */
@Injectable()
export class ReadAccess {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async require(companyId: string, actor: Actor, permission: Permission): Promise<{ company: CompanyView; access: Granted }> {
    const company = await this.readStore.get(companiesProjection.name, companyId) as CompanyView | null;
    if (!company) throw companyNotFound();
    const member = actor.staff ? null
      : await this.readStore.get(membersProjection.name, memberDocumentId(companyId, actor.userId)) as MemberView | null;
    const access = accessFor(member ?? undefined, actor);
    if (access.kind === 'none') throw companyNotFound();
    if (!may(access, permission)) {
      throw forbidden('company.permission_denied', `Your role in this company does not allow this (${permission})`);
    }
    return { company, access };
  }
}
