import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@tenancy/domain';
import {
  memberDocumentId, memberListQuery, membersProjection, type CompanyView, type MemberView,
} from '@tenancy/projections';
import type { Page, ReadStore } from '@tenancy/read-store';
import { READ_STORE } from '../infrastructure/tokens';
import type { PageQuery } from './member.dto';

export type MemberItem = ReturnType<typeof memberItem>;

/** A company's members as its people and staff see them. Access is checked by the caller. */
@Injectable()
export class MemberQueries {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async list(company: CompanyView, query: PageQuery): Promise<Page<MemberItem>> {
    const page = await this.readStore.list(membersProjection.name, memberListQuery(company.companyId, { ...query, limit: query.limit ?? 50 }));
    return { items: page.items.map((m) => memberItem(m as MemberView)), nextCursor: page.nextCursor };
  }

  /** One member, right after a command changed them (read-your-writes makes it current). */
  async get(companyId: string, userId: string): Promise<MemberItem> {
    const member = await this.readStore.get(membersProjection.name, memberDocumentId(companyId, userId));
    if (!member) throw notFound('member.not_found', 'No such member in this company');
    return memberItem(member as MemberView);
  }
}

export function memberItem(member: MemberView) {
  const { userId, email, role, status, mfaEnabled, lastLoginAt, joinedAt } = member;
  return { userId, email, role, status, mfaEnabled, lastLoginAt, joinedAt };
}
