import { Injectable } from '@nestjs/common';
import { notFound } from '@tenancy/domain';
import { memberDocumentId, memberListQuery, type CompanyView, type MemberView } from '@tenancy/projections';
import type { Page } from '@tenancy/read-store';
import type { PageQuery } from '../http/page.query';
import { ReadModels } from '../infrastructure/read-models';

export type MemberItem = ReturnType<typeof memberItem>;

/** A company's members as its people and staff see them. Access is checked by the caller. */
@Injectable()
export class MemberQueries {
  constructor(private readonly readModels: ReadModels) {}

  async list(company: CompanyView, query: PageQuery): Promise<Page<MemberItem>> {
    const page = await this.readModels.members.list(memberListQuery(company.companyId, { ...query, limit: query.limit ?? 50 }));
    return { items: page.items.map(memberItem), nextCursor: page.nextCursor };
  }

  /** One member, right after a command changed them (read-your-writes makes it current). */
  async get(companyId: string, userId: string): Promise<MemberItem> {
    const member = await this.readModels.members.get(memberDocumentId(companyId, userId));
    if (!member) throw notFound('member.not_found', 'No such member in this company');
    return memberItem(member);
  }
}

export function memberItem(member: MemberView) {
  const { userId, email, role, status, mfaEnabled, lastLoginAt, joinedAt, erased } = member;
  return { userId, email, role, status, mfaEnabled, lastLoginAt, joinedAt, ...(erased ? { erased } : {}) };
}
