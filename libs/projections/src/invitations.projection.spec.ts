import { COMPANY_ID } from '@tenancy/domain/company/company.fixtures';
import { ADMIN, fullTeam, INVITATION_ID, INVITEE, OWNER, SENT_AT, current, withPendingInvitation } from '@tenancy/domain/team/team.fixtures';
import type { CompanyEvent } from '@tenancy/domain';
import type { StoredDocument } from '@tenancy/read-store';
import { invitationsProjection, type InvitationView } from './invitations.projection';
import { projectBatch } from './project-batch';
import type { Projection } from './projection';
import { recorded } from './testing/recorded';

const projection = invitationsProjection as unknown as Projection;
const project = (events: CompanyEvent[]) => projectBatch(projection, new Map<string, StoredDocument>(), recorded(events));
const invitation = (events: CompanyEvent[]) => project(events).upserts.find((u) => u.id === INVITATION_ID)?.doc as InvitationView;
const companyId = COMPANY_ID;
const invitationId = INVITATION_ID;

describe('invitations_v6 projection', () => {
  it('given a sent invitation, then it is stored under its id with its company, email, role, expiry and who sent it', () => {
    expect(invitation(withPendingInvitation())).toEqual({
      companyId, invitationId, email: INVITEE.email, role: 'employee', status: 'sent',
      sentAt: SENT_AT, expiresAt: '2026-12-11T10:00:00.000Z', invitedBy: OWNER.userId, sentBy: OWNER.userId,
      answeredBy: null, answeredAt: null,
    });
  });

  it('given an invitation resent by another admin, then it is sent again with the new send time, expiry and sender; who first sent it stays', () => {
    expect(invitation([...withPendingInvitation(), current('InvitationResent', {
      companyId, invitationId, email: INVITEE.email, role: 'employee', resentBy: ADMIN.userId,
      resentAt: '2026-11-22T10:00:00.000Z', expiresAt: '2026-12-22T10:00:00.000Z',
    })])).toMatchObject({
      status: 'sent', sentAt: '2026-11-22T10:00:00.000Z', expiresAt: '2026-12-22T10:00:00.000Z', invitedBy: OWNER.userId, sentBy: ADMIN.userId,
    });
  });

  it.each([
    ['accepted', current('InvitationAccepted', { companyId, invitationId, userId: 'user-invitee', email: INVITEE.email })],
    ['declined', current('InvitationDeclined', { companyId, invitationId, userId: 'user-invitee', email: INVITEE.email })],
    ['cancelled', current('InvitationCancelled', { companyId, invitationId, cancelledBy: OWNER.userId })],
  ] as const)('given an invitation then %s, then its recorded status says so, who answered and when, and who sent it', (status, event) => {
    const events = [...withPendingInvitation(), event];
    const answeredAt = recorded(events)[events.length - 1].metadata.occurredAt;
    expect(invitation(events)).toMatchObject({
      status, invitedBy: OWNER.userId,
      answeredBy: status === 'cancelled' ? null : 'user-invitee', answeredAt: status === 'cancelled' ? null : answeredAt,
    });
  });

  it('given the user who accepted an invitation is erased, then its email is cleared here and in every stored invitation they answered', () => {
    const accepted = current('InvitationAccepted', { companyId, invitationId, userId: 'user-invitee', email: INVITEE.email });
    const erased = { type: 'UserErased', data: { userId: 'user-invitee' } } as unknown as CompanyEvent;
    const events = [...withPendingInvitation(), accepted, erased];
    expect(invitation(events)).toMatchObject({ status: 'accepted', email: null, erased: ['email'] });
    expect(project(events).erasures).toEqual([{ field: 'answeredBy', value: 'user-invitee', clear: ['email'], position: BigInt(events.length) }]);
  });

  it('given a full team that got its owner by invitation, then only that invitation has a document, accepted', () => {
    const upserts = project(fullTeam()).upserts;
    expect(upserts.map((u) => [u.id, (u.doc as InvitationView).status])).toEqual([['inv-owner', 'accepted']]);
  });

  it('given a deleted company, then its invitations (and their emails) go with it', () => {
    const changes = project([...withPendingInvitation(), current('CompanyDeleted', { companyId, endedMemberships: [] })]);
    expect(changes.removeCompanies).toEqual([companyId]);
    expect(changes.upserts).toEqual([]);
  });
});
