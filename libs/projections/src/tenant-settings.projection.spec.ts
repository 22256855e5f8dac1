import { activeCompany, COMPANY_ID } from '@tenancy/domain/company/company.fixtures';
import { EMPLOYEE, current } from '@tenancy/domain/team/team.fixtures';
import type { CompanyEvent } from '@tenancy/domain';
import type { StoredDocument } from '@tenancy/read-store';
import { projectBatch } from './project-batch';
import type { Projection } from './projection';
import { tenantSettingsProjection } from './tenant-settings.projection';
import { recorded } from './testing/recorded';

const projection = tenantSettingsProjection as unknown as Projection;
const project = (events: CompanyEvent[]) => projectBatch(projection, new Map<string, StoredDocument>(), recorded(events));
const view = (events: CompanyEvent[]) => project(events).upserts[0]?.doc;
const companyId = COMPANY_ID;
const settings = {
  notificationPreferences: { email: true, sms: false, webhook: true },
  currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{yyyy}-{seq}',
};

describe('tenant_settings_v1 projection', () => {
  it('given a new company, then it has no settings and no secret yet', () => {
    expect(view(activeCompany())).toEqual({ companyId, settings: null, secretVersion: 0, secretRotatedAt: null, revision: 2 });
  });

  it('given changed settings, then the document holds them without the company id inside', () => {
    expect(view([...activeCompany(), { type: 'TenantSettingsChanged', data: { companyId, ...settings }, schemaVersion: 1 }]))
      .toMatchObject({ settings, revision: 3 });
  });

  it('given two secret rotations, then the version is the newest and no ciphertext is stored', () => {
    const doc = view([...activeCompany(),
      { type: 'TenantSecretRotated', data: { companyId, version: 1, secretCiphertext: 'cipher-one' }, schemaVersion: 1 },
      { type: 'TenantSecretRotated', data: { companyId, version: 2, secretCiphertext: 'cipher-two' }, schemaVersion: 1 },
    ]);
    expect(doc).toMatchObject({ secretVersion: 2, secretRotatedAt: '2026-11-05T10:00:00.000Z', revision: 4 });
    expect(JSON.stringify(doc)).not.toContain('cipher');
  });

  it('given a later team event, then only the revision moves (it is the ETag of a settings change)', () => {
    const doc = view([...activeCompany(),
      { type: 'TenantSettingsChanged', data: { companyId, ...settings }, schemaVersion: 1 },
      current('MemberSignedIn', { companyId, userId: EMPLOYEE.userId, at: '2026-11-20T08:00:00.000Z' }),
    ]);
    expect(doc).toMatchObject({ settings, revision: 4 });
  });

  it('given a deleted company, then its settings document goes', () => {
    expect(project([...activeCompany(), current('CompanyDeleted', { companyId, endedMemberships: [] })]).removeCompanies).toEqual([companyId]);
  });
});
