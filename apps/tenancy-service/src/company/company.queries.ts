import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@tenancy/domain';
import { companiesProjection, companyListQuery, type CompanyView } from '@tenancy/projections';
import type { Page, ReadStore } from '@tenancy/read-store';
import { READ_STORE } from '../infrastructure/tokens';
import type { ListCompaniesQuery } from './company.dto';

/** Companies as admin UIs see them. */
@Injectable()
export class CompanyQueries {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async get(companyId: string): Promise<CompanyView> {
    const view = await this.readStore.get(companiesProjection.name, companyId);
    if (!view) throw notFound('company.not_found', 'Company not found');
    return view as CompanyView;
  }

  async list(query: ListCompaniesQuery): Promise<Page<ReturnType<typeof listItem>>> {
    const page = await this.readStore.list(companiesProjection.name, companyListQuery({ ...query, limit: query.limit ?? 50 }));
    return { items: page.items.map((item) => listItem(item as CompanyView)), nextCursor: page.nextCursor };
  }
}

export function companyDetail(view: CompanyView) {
  const { companyId, nameSearch: _search, ...rest } = view;
  return { id: companyId, ...rest };
}

export function listItem(view: CompanyView) {
  const { companyId, name, environment, userCount, active, createdAt, lastActivityAt } = view;
  return { id: companyId, name, environment, userCount, active, createdAt, lastActivityAt };
}
