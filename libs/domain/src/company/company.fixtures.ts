import type { CompanyEvent } from './company.decider';

/** Test data built from events: a company as it is right after creation. */
export const COMPANY_ID = 'c0ffee00-0000-4000-8000-000000000001';

export const companyCreated = (overrides: Partial<Extract<CompanyEvent, { type: 'CompanyCreated' }>['data']> = {}): CompanyEvent[] => [
  {
    type: 'CompanyCreated',
    data: {
      companyId: COMPANY_ID, name: 'Acme', environment: 'production', baseUrl: 'https://acme.example',
      timezone: 'Europe/Berlin', defaultLanguage: 'de-DE', contactEmail: 'ops@acme.example', ...overrides,
    },
    schemaVersion: 1,
  },
  { type: 'ApiTokenIssued', data: { companyId: COMPANY_ID, tokenHash: 'hash-1', tokenPrefix: 'tnc_ab12' }, schemaVersion: 1 },
];

export const activeCompany = (): CompanyEvent[] => [
  ...companyCreated(),
  { type: 'CompanyActivated', data: { companyId: COMPANY_ID }, schemaVersion: 1 },
];

export const deletedCompany = (): CompanyEvent[] => [
  ...companyCreated(),
  { type: 'CompanyDeleted', data: { companyId: COMPANY_ID, endedMemberships: [] }, schemaVersion: 2 },
];
