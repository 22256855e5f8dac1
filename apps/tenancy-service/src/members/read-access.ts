import { Injectable } from '@nestjs/common';
import { accessFor, companyNotFound, may, permissionDenied, type Actor, type Granted, type Permission } from '@tenancy/domain';
import { memberDocumentId, type CompanyView } from '@tenancy/projections';
import { ReadModels } from '../infrastructure/read-models';

/**
 * Reads follow the rule the domain applies to writes, through the same `accessFor` and `may`:
 * staff read everything; anyone who is not an active member is told the company does not
 * exist; a member whose role lacks the permission is refused.
 */
@Injectable()
export class ReadAccess {
  constructor(private readonly readModels: ReadModels) {}

  async require(companyId: string, actor: Actor, permission: Permission): Promise<{ company: CompanyView; access: Granted }> {
    const company = await this.readModels.companies.get(companyId);
    if (!company) throw companyNotFound();
    const member = actor.staff ? null : await this.readModels.members.get(memberDocumentId(companyId, actor.userId));
    const access = accessFor(member ?? undefined, actor);
    if (access.kind === 'none') throw companyNotFound();
    if (!may(access, permission)) throw permissionDenied(permission);
    return { company, access };
  }
}
