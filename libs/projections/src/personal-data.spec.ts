import { COMPANY_ID } from '@tenancy/domain/company/company.fixtures';
import { current, fullTeam, INVITATION_ID, INVITEE, withPendingInvitation } from '@tenancy/domain/team/team.fixtures';
import type { StoredDocument } from '@tenancy/read-store';
import { ALL_PROJECTIONS, invitationsProjection, membersProjection } from './index';
import { projectBatch } from './project-batch';
import { recorded } from './testing/recorded';

const LOOKS_LIKE_EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/** A history with an email in every place one can be: contact, members, invitations sent, answered and pending. */
const history = () => [
  ...withPendingInvitation(fullTeam(), { invitationId: 'inv-pending', email: 'pending@acme.example' }),
  ...withPendingInvitation([]),
  current('InvitationAccepted', { companyId: COMPANY_ID, invitationId: INVITATION_ID, userId: INVITEE.userId, email: INVITEE.email }),
  current('CompanyDetailsChanged', { companyId: COMPANY_ID, changes: { contactEmail: 'desk@acme.example' } }),
];

describe('Personal data in read models', () => {
  it.each(ALL_PROJECTIONS.map((p) => [p.name, p] as const))(
    'given a history full of emails, then %s keeps emails only in the fields it declares personal', (_name, projection) => {
      const documents = projectBatch(projection, new Map<string, StoredDocument>(), recorded(history())).upserts.map((u) => u.doc);
      const declared = new Set(projection.personalData?.fields ?? []);
      const undeclared = documents.flatMap((doc) => Object.entries(doc)
        .filter(([field, value]) => typeof value === 'string' && LOOKS_LIKE_EMAIL.test(value) && !declared.has(field))
        .map(([field]) => field));
      expect(undeclared).toEqual([]);
    });

  it('given every read model that keeps a person\'s email, then it names whose it is, so erasing them clears it', () => {
    const personal = ALL_PROJECTIONS.filter((p) => p.personalData?.fields.includes('email')).map((p) => [p.name, p.personalData?.ownedBy]);
    expect(personal).toEqual([[membersProjection.name, 'userId'], [invitationsProjection.name, 'answeredBy']]);
  });
});
