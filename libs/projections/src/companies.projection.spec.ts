import { activeCompany, COMPANY_ID, companyCreated } from '@tenancy/domain/company/company.fixtures';
import type { StoredDocument } from '@tenancy/read-store';
import { companiesProjection } from './companies.projection';
import { projectBatch } from './project-batch';
import type { Projection } from './projection';
import { recorded } from './testing/recorded';

const projection = companiesProjection as unknown as Projection;
const project = (events: ReturnType<typeof recorded>, loaded = new Map<string, StoredDocument>()) =>
  projectBatch(projection, loaded, events);

describe('companies_v1 projection', () => {
  it('given a created company, then the view shows it inactive with its token prefix and times', () => {
    const changes = project(recorded(companyCreated()));
    expect(changes.upserts).toHaveLength(1);
    expect(changes.upserts[0].doc).toEqual({
      companyId: COMPANY_ID, name: 'Acme', nameSearch: 'acme', environment: 'production',
      baseUrl: 'https://acme.example', timezone: 'Europe/Berlin', defaultLanguage: 'de-DE',
      contactEmail: 'ops@acme.example', active: false, apiTokenPrefix: 'tnc_ab12', userCount: 0,
      createdAt: '2026-11-01T10:00:00.000Z', lastActivityAt: '2026-11-02T10:00:00.000Z', revision: 1,
    });
    expect(changes.upserts[0].position).toBe(2n);
  });

  it('given an activated company renamed later, then it is active under the new name and search key', () => {
    const events = recorded([...activeCompany(),
      { type: 'CompanyDetailsChanged', data: { companyId: COMPANY_ID, changes: { name: 'Acme GmbH' } } }]);
    const doc = project(events).upserts[0].doc;
    expect(doc).toMatchObject({ active: true, name: 'Acme GmbH', nameSearch: 'acme gmbh', revision: 3 });
  });

  it('given a batch replayed over documents that already have it, then nothing is applied twice', () => {
    const events = recorded(activeCompany());
    const first = project(events);
    const loaded = new Map(first.upserts.map((d) => [d.id, d]));
    const replay = project(events, loaded);
    expect(replay.upserts).toEqual([]);
  });

  it('given a deleted company, then its documents go and nothing of it is upserted', () => {
    const events = recorded([...activeCompany(), { type: 'CompanyDeleted', data: { companyId: COMPANY_ID } }]);
    const changes = project(events);
    expect(changes.removeCompanies).toEqual([COMPANY_ID]);
    expect(changes.upserts).toEqual([]);
  });
});
