import { companyDecider, type CompanyCommand } from '../company/company.decider';
import { COMPANY_ID } from '../company/company.fixtures';
import type { Actor } from '../shared';
import { commandsOf, deciderSpec, NOW, staff } from '../testing/decider-spec';
import {
  activeCompanyWithoutOwner, as, deleted, EXPIRES_AT, fullTeam, INVITATION_ID, INVITEE, linked, LONG_AGO, OUTSIDER,
  OWNER, current, withPendingInvitation,
} from './team.fixtures';

const { given } = deciderSpec(companyDecider);
const command = commandsOf<CompanyCommand>();
const companyId = COMPANY_ID;
const invitationId = INVITATION_ID;
const invitee = as(INVITEE);
const reservationId = 'join-1';
const accept = (actor: Actor = invitee, now = NOW) => command('AcceptInvitation', { companyId, invitationId, reservationId }, actor, now);
const decline = (actor: Actor = invitee) => command('DeclineInvitation', { companyId, invitationId }, actor);
const accepted = () => [
  current('InvitationAccepted', { companyId, invitationId, userId: INVITEE.userId, email: INVITEE.email }),
  current('MemberJoined', {
    companyId, userId: INVITEE.userId, email: INVITEE.email, role: 'employee', joinedAt: NOW, invitationId, reservationId,
  }),
];

describe('Accepting an invitation', () => {
  it('given a pending invitation, when the invitee accepts, then they join with the invited role', () => {
    given(withPendingInvitation()).when(accept()).then(accepted());
  });

  it('given a pending invitation, when the token email differs only in case, then it still matches', () => {
    given(withPendingInvitation()).when(accept({ ...invitee, email: ' Nina@ACME.Example' })).then(accepted());
  });

  it('given an accepted invitation, then the new member can act in the company', () => {
    given([...withPendingInvitation(), ...accepted()])
      .when(command('RecordSignIn', { companyId, userId: INVITEE.userId }, invitee))
      .then([current('MemberSignedIn', { companyId, userId: INVITEE.userId, at: NOW })]);
  });

  it.each([
    ['another email', { ...as(OUTSIDER) }],
    ['no email claim', { userId: INVITEE.userId, staff: false }],
    ['staff without the email', staff],
  ])('given a pending invitation, when a caller with %s accepts, then it is forbidden', (_how, actor) => {
    expect(given(withPendingInvitation()).when(accept(actor)).thenThrows('invitation.email_mismatch')?.kind).toBe('forbidden');
  });

  it('given a pending invitation to kira@, when a token spells it with KELVIN SIGN (U+212A, which lower-cases to k), then it is another address', () => {
    const kira = { ...INVITEE, email: 'kira@acme.example' };
    const toKira = withPendingInvitation().map((e) => (e.type === 'InvitationSent' ? { ...e, data: { ...e.data, email: kira.email } } : e));
    const kelvin = { ...invitee, email: '\u212Aira@acme.example' };
    given(toKira).when(accept(kelvin)).thenThrows('invitation.email_mismatch');
    given(toKira).when(decline(kelvin)).thenThrows('invitation.email_mismatch');
    given(toKira).when(accept({ ...invitee, email: 'KIRA@acme.example' })).thenTypes(['InvitationAccepted', 'MemberJoined']);
  });

  it('given a pending invitation, when the invitee\'s provider says their email is not verified, then accepting and declining are forbidden', () => {
    const unverified = { ...invitee, emailVerified: false };
    expect(given(withPendingInvitation()).when(accept(unverified)).thenThrows('invitation.email_unverified')?.kind).toBe('forbidden');
    given(withPendingInvitation()).when(decline(unverified)).thenThrows('invitation.email_unverified');
  });

  it('given a pending invitation, when the token says the email is verified, then the invitee joins', () => {
    given(withPendingInvitation()).when(accept({ ...invitee, emailVerified: true })).then(accepted());
  });

  it('given a pending invitation, when accepted exactly at its expiry, then it is still valid', () => {
    given(withPendingInvitation()).when(accept(invitee, EXPIRES_AT)).thenTypes(['InvitationAccepted', 'MemberJoined']);
  });

  it('given a pending invitation, when accepted a millisecond after its expiry, then it has expired', () => {
    given(withPendingInvitation()).when(accept(invitee, '2026-12-11T10:00:00.001Z')).thenThrows('invitation.expired');
  });

  it.each([
    ['past its expiry (nothing recorded)', withPendingInvitation(fullTeam(), { sentAt: LONG_AGO }), 'invitation.expired'],
    ['cancelled', [...withPendingInvitation(), current('InvitationCancelled', { companyId, invitationId, cancelledBy: OWNER.userId })], 'invitation.cancelled'],
    ['already accepted', [...withPendingInvitation(), ...accepted()], 'invitation.already_accepted'],
  ])('given an invitation %s, when accepted, then it is refused', (_how, events, code) => {
    expect(given(events).when(accept()).thenThrows(code)?.kind).toBe('conflict');
  });

  it('given the invitee was linked in meanwhile, when they accept, then they are already a member', () => {
    given([...withPendingInvitation(), ...linked(INVITEE, 'viewer')]).when(accept()).thenThrows('team.already_member');
  });

  it('given a pending owner invitation, when accepted, then the invitee joins as the owner', () => {
    given(withPendingInvitation(activeCompanyWithoutOwner(), { role: 'owner' })).when(accept()).then([
      current('InvitationAccepted', { companyId, invitationId, userId: INVITEE.userId, email: INVITEE.email }),
      current('MemberJoined', {
        companyId, userId: INVITEE.userId, email: INVITEE.email, role: 'owner', joinedAt: NOW, invitationId, reservationId,
      }),
    ]);
  });

  it('given an owner invitation and an owner linked in meanwhile, when accepted, then there is already an owner', () => {
    given([...withPendingInvitation(activeCompanyWithoutOwner(), { role: 'owner' }), ...linked(OWNER, 'owner')])
      .when(accept()).thenThrows('team.owner_exists');
  });

  it('given no such invitation, when accepted, then it is not found', () => {
    given(fullTeam()).when(command('AcceptInvitation', { companyId, invitationId: 'nope', reservationId }, invitee))
      .thenThrows('invitation.not_found');
  });

  it('given a deleted company, when an invitation is accepted, then the company is not found', () => {
    given(deleted(withPendingInvitation())).when(accept()).thenThrows('company.not_found');
  });
});

describe('Declining an invitation', () => {
  it('given a pending invitation, when the invitee declines, then it is declined', () => {
    given(withPendingInvitation()).when(decline({ ...invitee, email: 'NINA@acme.example' }))
      .then([current('InvitationDeclined', { companyId, invitationId, userId: INVITEE.userId, email: INVITEE.email })]);
  });

  it('given a pending invitation, when someone else declines, then it is forbidden', () => {
    given(withPendingInvitation()).when(decline(as(OUTSIDER))).thenThrows('invitation.email_mismatch');
  });

  it('given an invitation past its expiry, when declined, then it has expired', () => {
    given(withPendingInvitation(fullTeam(), { sentAt: LONG_AGO })).when(decline()).thenThrows('invitation.expired');
  });

  it('given a declined invitation, when accepted afterwards, then it is refused', () => {
    given([...withPendingInvitation(), current('InvitationDeclined', { companyId, invitationId, userId: INVITEE.userId, email: INVITEE.email })])
      .when(accept()).thenThrows('invitation.already_declined');
  });
});
