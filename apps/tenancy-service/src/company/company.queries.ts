import { Injectable } from '@nestjs/common';
import { notFound } from '@tenancy/domain';
import { companyListQuery, type CompanyView } from '@tenancy/projections';
import type { Page } from '@tenancy/read-store';
import { ReadModels } from '../infrastructure/read-models';
import type { ListCompaniesQuery } from './company.dto';

/** Companies as admin UIs see them. */
@Injectable()
export class CompanyQueries {
  constructor(private readonly readModels: ReadModels) {}

  async get(companyId: string): Promise<CompanyView> {
    const view = await this.readModels.companies.get(companyId);
    if (!view) throw notFound('company.not_found', 'Company not found');
    return view;
  }

  async list(query: ListCompaniesQuery): Promise<Page<ReturnType<typeof listItem>>> {
    const page = await this.readModels.companies.list(companyListQuery({ ...query, limit: query.limit ?? 50 }));
    return { items: page.items.map(listItem), nextCursor: page.nextCursor };
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
