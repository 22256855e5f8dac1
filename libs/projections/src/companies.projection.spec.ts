import { activeCompany, COMPANY_ID, companyCreated } from '@tenancy/domain/company/company.fixtures';
import { ADMIN, DORMANT, EMPLOYEE, fullTeam, OWNER, current } from '@tenancy/domain/team/team.fixtures';
import type { CompanyEvent } from '@tenancy/domain';
import type { StoredDocument } from '@tenancy/read-store';
import { companiesProjection } from './companies.projection';
import { projectBatch } from './project-batch';
import type { Projection } from './projection';
import { recorded } from './testing/recorded';

const projection = companiesProjection as unknown as Projection;
const project = (events: ReturnType<typeof recorded>, loaded = new Map<string, StoredDocument>()) =>
  projectBatch(projection, loaded, events);

describe('companies_v2 projection', () => {
  it('given a created company, then the view shows it inactive with its token prefix and times', () => {
    const changes = project(recorded(companyCreated()));
    expect(changes.upserts).toHaveLength(1);
    expect(changes.upserts[0].doc).toEqual({
      companyId: COMPANY_ID, name: 'Acme', nameSearch: 'acme', environment: 'production',
      baseUrl: 'https://acme.example', timezone: 'Europe/Berlin', defaultLanguage: 'de-DE',
      contactEmail: 'ops@acme.example', active: false, apiTokenPrefix: 'tnc_ab12', userCount: 0, ownerUserId: null,
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

  describe('members and activity', () => {
    const companyId = COMPANY_ID;
    const view = (events: CompanyEvent[]) => project(recorded(events)).upserts[0].doc;

    it('given a full team with one deactivated member, then userCount counts the four active ones and knows the owner', () => {
      expect(view(fullTeam())).toMatchObject({ userCount: 4, ownerUserId: OWNER.userId });
    });

    it.each([
      ['an active member is removed', 3, current('MemberRemoved', { companyId, userId: EMPLOYEE.userId, previousStatus: 'active', reservationId: 'join-1' })],
      ['an active member is unlinked', 3, current('UserUnlinked', { companyId, userId: EMPLOYEE.userId, previousStatus: 'active', reservationId: 'join-1' })],
      ['a deactivated member is removed', 4, current('MemberRemoved', { companyId, userId: DORMANT.userId, previousStatus: 'deactivated', reservationId: 'join-1' })],
      ['a deactivated member is unlinked', 4, current('UserUnlinked', { companyId, userId: DORMANT.userId, previousStatus: 'deactivated', reservationId: 'join-1' })],
      ['a member is deactivated', 3, current('MemberDeactivated', { companyId, userId: EMPLOYEE.userId })],
      ['a deactivated member is reactivated', 5, current('MemberReactivated', { companyId, userId: DORMANT.userId })],
      ['a user is linked', 5, current('UserLinked', {
        companyId, userId: 'user-new', email: 'new@acme.example', role: 'viewer', linkedBy: 'staff-1', linkedAt: '2026-11-20T10:00:00.000Z', reservationId: 'join-new',
      })],
    ] as const)('given a full team, when %s, then userCount is %s', (_when, count, event) => {
      expect(view([...fullTeam(), event]).userCount).toBe(count);
    });

    it('given an ownership transfer, then the company names the new owner', () => {
      expect(view([...fullTeam(), current('OwnershipTransferred', { companyId, fromUserId: OWNER.userId, toUserId: ADMIN.userId })]))
        .toMatchObject({ ownerUserId: ADMIN.userId, userCount: 4 });
    });

    it('given a team or tenant event last, then lastActivityAt and the revision move to it', () => {
      const events = [...activeCompany(),
        current('MemberSignedIn', { companyId, userId: EMPLOYEE.userId, at: '2026-11-04T10:00:00.000Z' }),
        { type: 'TenantSecretRotated', data: { companyId, version: 1, secretCiphertext: 'c' }, schemaVersion: 1 } as CompanyEvent,
      ];
      expect(view(events)).toMatchObject({ lastActivityAt: '2026-11-05T10:00:00.000Z', revision: 4 });
    });
  });
});
