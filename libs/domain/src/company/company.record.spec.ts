import { ADMIN, current, EXPIRES_AT, linked, OWNER, withAdmin, withPendingInvitation } from '../team/team.fixtures';
import { companyDecider, type CompanyEvent } from './company.decider';
import { COMPANY_ID, companyCreated } from './company.fixtures';
import { recordAt, startHistory, stepHistory, type FieldChange, type HistoryFold } from './company.record';

/** given(events).when(event).thenChanges(...): what one more event changes in the company's record. */
function given(events: CompanyEvent[]) {
  const fold = events.reduce((f: HistoryFold, e) => stepHistory(f, e).fold, startHistory());
  return {
    when: (event: CompanyEvent) => ({
      thenChanges: (expected: FieldChange[]) => expect(stepHistory(fold, event).changes).toEqual(expected),
    }),
    fold,
  };
}

describe('A company\'s history, folded', () => {
  it('given nothing, when the company is created, then every detail appears, from null, but no token prefix before a token is issued', () => {
    given([]).when(companyCreated()[0]).thenChanges([
      { field: 'companyId', from: null, to: COMPANY_ID }, { field: 'name', from: null, to: 'Acme' },
      { field: 'environment', from: null, to: 'production' }, { field: 'baseUrl', from: null, to: 'https://acme.example' },
      { field: 'timezone', from: null, to: 'Europe/Berlin' }, { field: 'defaultLanguage', from: null, to: 'de-DE' },
      { field: 'contactEmail', from: null, to: 'ops@acme.example' }, { field: 'active', from: null, to: false },
      { field: 'deleted', from: null, to: false },
    ]);
  });

  it('given a company, when a token is issued, then its prefix changes and its hash is nowhere', () => {
    given(companyCreated().slice(0, 1)).when(companyCreated()[1]).thenChanges([{ field: 'apiTokenPrefix', from: null, to: 'tnc_ab12' }]);
  });

  it('given an admin, when their role changes, then the change is the nested role field', () => {
    given(withAdmin()).when(current('MemberRoleChanged', { companyId: COMPANY_ID, userId: ADMIN.userId, fromRole: 'admin', toRole: 'viewer' }))
      .thenChanges([{ field: `members.${ADMIN.userId}.role`, from: 'admin', to: 'viewer' }]);
  });

  it('given a member whose email was erased, when they join, then the email appears as null', () => {
    const [joined] = linked(ADMIN, 'admin') as [Extract<CompanyEvent, { type: 'UserLinked' }>];
    const { fold } = given(companyCreated());
    const { changes } = stepHistory(fold, { ...joined, data: { ...joined.data, email: null } });
    expect(changes).toHaveLength(7);
    expect(changes).toEqual(expect.arrayContaining([
      { field: `members.${ADMIN.userId}.userId`, from: null, to: ADMIN.userId },
      { field: `members.${ADMIN.userId}.email`, from: null, to: null },
      { field: `members.${ADMIN.userId}.role`, from: null, to: 'admin' },
      { field: `members.${ADMIN.userId}.status`, from: null, to: 'active' },
      { field: `members.${ADMIN.userId}.mfaEnabled`, from: null, to: false },
      { field: `members.${ADMIN.userId}.lastLoginAt`, from: null, to: null },
      { field: `members.${ADMIN.userId}.joinedAt`, from: null, to: expect.any(String) },
    ]));
  });

  it('given a member, when they are removed, then each of their fields goes to null', () => {
    const removed = current('MemberRemoved', { companyId: COMPANY_ID, userId: ADMIN.userId, reservationId: `join-${ADMIN.userId}` } as never);
    const changes = (() => { const g = given(withAdmin()); return stepHistory(g.fold, removed).changes; })();
    expect(changes.map((c) => [c.field, c.to])).toContainEqual([`members.${ADMIN.userId}.role`, null]);
    expect(changes.every((c) => c.field.startsWith(`members.${ADMIN.userId}.`))).toBe(true);
  });

  it('given tenant settings, when they change, then only the settings that differ are listed', () => {
    const settings = { notificationPreferences: { email: true, sms: false, webhook: false }, currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{seq}' };
    given([...withAdmin(), current('TenantSettingsChanged', { companyId: COMPANY_ID, ...settings })])
      .when(current('TenantSettingsChanged', { companyId: COMPANY_ID, ...settings, notificationPreferences: { email: true, sms: true, webhook: false }, currency: 'CHF' }))
      .thenChanges([
        { field: 'settings.notificationPreferences.sms', from: false, to: true },
        { field: 'settings.currency', from: 'EUR', to: 'CHF' },
      ]);
  });

  it('given a company, when it is deleted, then it reads as deleted and keeps what it was', () => {
    const { fold } = given([...withAdmin(), current('CompanyActivated', { companyId: COMPANY_ID })]);
    const deleted = stepHistory(fold, current('CompanyDeleted', { companyId: COMPANY_ID, endedMemberships: [] }));
    expect(deleted.changes).toEqual([{ field: 'active', from: true, to: false }, { field: 'deleted', from: false, to: true }]);
    expect(deleted.fold.record?.members[OWNER.userId]?.role).toBe('owner');
  });

  it('given a pending invitation, when read after its expiry, then it reads as expired', () => {
    const { fold } = given(withPendingInvitation());
    const later = new Date(Date.parse(EXPIRES_AT) + 1000).toISOString();
    expect(recordAt(fold.record!, later).invitations['inv-1'].status).toBe('expired');
    expect(fold.record!.invitations['inv-1'].status).toBe('sent');
  });

  it('folds with the decider\'s own evolve', () => {
    const events = withAdmin();
    const { fold } = given(events);
    expect(fold.state).toEqual(events.reduce(companyDecider.evolve, companyDecider.initialState()));
  });
});
