import { companyDecider, type CompanyCommand } from '../company/company.decider';
import { COMPANY_ID } from '../company/company.fixtures';
import { commandsOf, deciderSpec, NOW, staff } from '../testing/decider-spec';
import {
  activeCompanyWithoutOwner, ADMIN, as, deleted, DORMANT, EMPLOYEE, EXPIRES_AT, fullTeam, INVITATION_ID, INVITEE, LONG_AGO,
  OWNER, current, withPendingInvitation,
} from './team.fixtures';

const { given } = deciderSpec(companyDecider);
const command = commandsOf<CompanyCommand>();
const companyId = COMPANY_ID;
const invitationId = INVITATION_ID;
const IN_30_DAYS = '2026-12-22T10:00:00.000Z';
const invite = (email: string, role = 'employee', actor = as(OWNER), id = 'inv-2') =>
  command('InviteUser', { companyId, invitationId: id, email, role }, actor);

describe('Sending invitations', () => {
  it('given a team, when the owner invites by email, then it is sent lower-cased and valid for 30 days', () => {
    given(fullTeam()).when(invite('  Nina@ACME.example ')).then([current('InvitationSent', {
      companyId, invitationId: 'inv-2', email: 'nina@acme.example', role: 'employee',
      invitedBy: OWNER.userId, sentAt: NOW, expiresAt: IN_30_DAYS,
    })]);
  });

  it('given a team, when the email has a non-ASCII letter that lower-cases to an ASCII one (KELVIN SIGN), then it is refused, not sent as kira@', () => {
    given(fullTeam()).when(invite('\u212Aira@acme.example')).thenThrows('invitation.invalid', ['email']);
  });

  it('given a team, when the email and role are both wrong, then each is named', () => {
    given(fullTeam()).when(invite('nobody', 'superuser')).thenThrows('invitation.invalid', ['email', 'role']);
  });

  it.each([
    ['an active member', EMPLOYEE.email.toUpperCase()],
    ['a deactivated member', DORMANT.email],
  ])('given %s with that email, when invited, then it conflicts', (_who, email) => {
    expect(given(fullTeam()).when(invite(email)).thenThrows('team.already_member')?.kind).toBe('conflict');
  });

  it('given a pending invitation for that email, when invited again, then it conflicts', () => {
    given(withPendingInvitation()).when(invite('NINA@acme.example')).thenThrows('invitation.already_pending');
  });

  it('given an invitation for that email that expired by time, when invited again, then a new one is sent', () => {
    given(withPendingInvitation(fullTeam(), { sentAt: LONG_AGO })).when(invite(INVITEE.email)).thenTypes(['InvitationSent']);
  });

  it('given an invitation id already used, when inviting with it, then it conflicts', () => {
    given(withPendingInvitation()).when(invite('other@acme.example', 'viewer', as(ADMIN), invitationId))
      .thenThrows('invitation.already_exists');
  });
});

describe('Owner invitations', () => {
  it('given a company without an owner, when staff invite an owner, then the owner invitation is sent', () => {
    given(activeCompanyWithoutOwner()).when(invite('boss@acme.example', 'owner', staff)).then([current('InvitationSent', {
      companyId, invitationId: 'inv-2', email: 'boss@acme.example', role: 'owner',
      invitedBy: staff.userId, sentAt: NOW, expiresAt: IN_30_DAYS,
    })]);
  });

  it.each([['owner', as(OWNER)], ['admin', as(ADMIN)]])('given a team, when the %s invites an owner, then it is forbidden', (_who, actor) => {
    given(fullTeam()).when(invite('boss@acme.example', 'owner', actor)).thenThrows('company.permission_denied');
  });

  it('given a company with an owner, when staff invite another owner, then it conflicts', () => {
    given(fullTeam()).when(invite('boss@acme.example', 'owner', staff)).thenThrows('team.owner_exists');
  });

  it('given a pending owner invitation, when staff invite a second owner, then it conflicts', () => {
    given(withPendingInvitation(activeCompanyWithoutOwner(), { role: 'owner' }))
      .when(invite('boss@acme.example', 'owner', staff)).thenThrows('invitation.owner_pending');
  });

  it('given a pending owner invitation, when an admin cancels it, then it is forbidden', () => {
    given(withPendingInvitation(fullTeam(), { role: 'owner' }))
      .when(command('CancelInvitation', { companyId, invitationId }, as(ADMIN))).thenThrows('company.permission_denied');
  });
});

describe('Resending, cancelling and expiring', () => {
  const resend = () => command('ResendInvitation', { companyId, invitationId }, as(ADMIN));

  it('given a pending invitation, when resent, then it is valid for 30 days from now and mailed again', () => {
    given(withPendingInvitation()).when(resend()).then([current('InvitationResent', {
      companyId, invitationId, email: INVITEE.email, role: 'employee', resentBy: ADMIN.userId, resentAt: NOW, expiresAt: IN_30_DAYS,
    })]);
  });

  it('given an invitation past its expiry, when resent, then it is revived', () => {
    given(withPendingInvitation(fullTeam(), { sentAt: LONG_AGO })).when(resend()).thenTypes(['InvitationResent']);
  });

  it.each([
    ['cancelled', 'InvitationCancelled', 'invitation.cancelled'],
    ['declined', 'InvitationDeclined', 'invitation.already_declined'],
  ] as const)('given a %s invitation, when resent, then it conflicts', (_status, type, code) => {
    const answered = type === 'InvitationCancelled'
      ? current(type, { companyId, invitationId, cancelledBy: OWNER.userId })
      : current(type, { companyId, invitationId, userId: INVITEE.userId, email: INVITEE.email });
    given([...withPendingInvitation(), answered]).when(resend()).thenThrows(code);
  });

  it('given a pending invitation, when cancelled, then it is cancelled', () => {
    given(withPendingInvitation()).when(command('CancelInvitation', { companyId, invitationId }, as(OWNER)))
      .then([current('InvitationCancelled', { companyId, invitationId, cancelledBy: OWNER.userId })]);
  });

  it('given an invitation past its expiry, when cancelled, then it is cancelled: an admin can tidy it away', () => {
    given(withPendingInvitation(fullTeam(), { sentAt: LONG_AGO }))
      .when(command('CancelInvitation', { companyId, invitationId }, as(OWNER)))
      .then([current('InvitationCancelled', { companyId, invitationId, cancelledBy: OWNER.userId })]);
  });

  it('given an expired invitation that was cancelled, when resent, then it conflicts: cancelled stays cancelled', () => {
    given([...withPendingInvitation(fullTeam(), { sentAt: LONG_AGO }), current('InvitationCancelled', { companyId, invitationId, cancelledBy: OWNER.userId })])
      .when(resend()).thenThrows('invitation.cancelled');
  });

  it.each([
    ['cancelled', 'InvitationCancelled', 'invitation.cancelled'],
    ['accepted', 'InvitationAccepted', 'invitation.already_accepted'],
    ['declined', 'InvitationDeclined', 'invitation.already_declined'],
  ] as const)('given a %s invitation, when cancelled, then it conflicts', (_status, type, code) => {
    const answered = type === 'InvitationCancelled'
      ? current(type, { companyId, invitationId, cancelledBy: OWNER.userId })
      : current(type, { companyId, invitationId, userId: INVITEE.userId, email: INVITEE.email });
    given([...withPendingInvitation(), answered]).when(command('CancelInvitation', { companyId, invitationId }, as(OWNER))).thenThrows(code);
  });

  it('given no such invitation, when cancelled, then it is not found', () => {
    given(fullTeam()).when(command('CancelInvitation', { companyId, invitationId: 'nope' }, as(OWNER)))
      .thenThrows('invitation.not_found');
  });

  it.each([
    ['InviteUser', { companyId, invitationId: 'inv-2', email: 'new@acme.example', role: 'viewer' }],
    ['CancelInvitation', { companyId, invitationId }],
  ] as const)('given a deleted company, when %s, then it is not found', (type, data) => {
    given(deleted(withPendingInvitation())).when(command(type, data as never))
      .thenThrows('company.not_found');
  });
});
