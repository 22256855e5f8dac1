import { EVENT_SCHEMAS } from './events';
import { personalFieldsOf, undeclaredEmails } from './personal-data';
import { actorEmailKey, type DomainEvent, type SchemasOf } from './shared';
import { COMPANY_ID } from './company/company.fixtures';

describe('Personal data declarations', () => {
  it('given an event with an email in a field its type does not declare, then the check names that field', () => {
    expect(undeclaredEmails({ type: 'InvitationCancelled', data: { companyId: COMPANY_ID, invitationId: 'inv-1', cancelledBy: 'eve@acme.example' } }))
      .toEqual(['cancelledBy']);
    expect(undeclaredEmails({ type: 'SomethingNew', data: { companyId: COMPANY_ID, contact: { mail: 'a@b.example' } } }))
      .toEqual(['contact.mail']);
  });

  it('given emails only in declared fields, then the check finds nothing', () => {
    expect(undeclaredEmails({ type: 'InvitationSent', data: { companyId: COMPANY_ID, invitationId: 'inv-1', email: 'nina@acme.example' } })).toEqual([]);
    expect(undeclaredEmails({ type: 'CompanyDetailsChanged', data: { companyId: COMPANY_ID, changes: { contactEmail: 'ops@acme.example' } } }))
      .toEqual([]);
  });

  it('given every event type, then each email field the domain writes is declared with its key', () => {
    const declared = Object.fromEntries(Object.keys(EVENT_SCHEMAS)
      .map((type) => [type, personalFieldsOf(type).map((field) => field.path)])
      .filter(([, paths]) => paths.length > 0));
    expect(declared).toEqual({
      CompanyCreated: ['contactEmail'], CompanyDetailsChanged: ['changes.contactEmail'],
      InvitationSent: ['email'], InvitationResent: ['email'], InvitationAccepted: ['email'], InvitationDeclined: ['email'],
      MemberJoined: ['email'], UserLinked: ['email'], PasswordResetRequested: ['email'],
    });
  });

  it('given an invitation answered by a user, then its email is sealed under the invitation\'s key, tied to that user', () => {
    const [email] = personalFieldsOf('InvitationAccepted');
    expect(email.keyOf({ companyId: COMPANY_ID, invitationId: 'inv-1', userId: 'u-1', email: 'nina@acme.example' }))
      .toEqual({ kind: 'invitation', companyId: COMPANY_ID, invitationId: 'inv-1', answeredBy: 'u-1' });
    const [sent] = personalFieldsOf('InvitationSent');
    expect(sent.keyOf({ companyId: COMPANY_ID, invitationId: 'inv-1', email: 'nina@acme.example' }))
      .toEqual({ kind: 'invitation', companyId: COMPANY_ID, invitationId: 'inv-1' });
  });

  it('given an actor\'s email, then it is theirs in the company the event names, or theirs alone', () => {
    expect(actorEmailKey({ companyId: COMPANY_ID }, 'staff-1')).toEqual({ kind: 'person', companyId: COMPANY_ID, userId: 'staff-1' });
    expect(actorEmailKey({ userId: 'u-1' }, 'staff-1')).toEqual({ kind: 'user', userId: 'staff-1' });
  });

  it('given a schema table that leaves an email field undeclared, then it does not compile (checked by tsc)', () => {
    type Leaky = DomainEvent<'Leaky', { companyId: string; ownerEmail: string; settings: { backupEmail: string | null } }>;
    // @ts-expect-error ownerEmail and settings.backupEmail are not declared personal
    const undeclared = { Leaky: { current: 1 } } as const satisfies SchemasOf<Leaky>;
    // @ts-expect-error settings.backupEmail is still missing
    const half = { Leaky: { current: 1, personal: { ownerEmail: () => ({ kind: 'user', userId: 'u' }) } } } as const satisfies SchemasOf<Leaky>;
    const declared = {
      Leaky: { current: 1, personal: { ownerEmail: actorOf, 'settings.backupEmail': actorOf } },
    } as const satisfies SchemasOf<Leaky>;
    expect([undeclared, half, declared]).toHaveLength(3);
  });
});

const actorOf = () => ({ kind: 'user', userId: 'u' }) as const;
