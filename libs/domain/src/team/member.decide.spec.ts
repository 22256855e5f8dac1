import { companyDecider, type CompanyCommand } from '../company/company.decider';
import { COMPANY_ID } from '../company/company.fixtures';
import { commandsOf, deciderSpec, NOW, staff } from '../testing/decider-spec';
import {
  activeCompanyWithoutOwner, ADMIN, as, deleted, DORMANT, EMPLOYEE, fullTeam, INVITATION_ID, INVITEE, LONG_AGO, OWNER, current,
  reservationOf, VIEWER, withPendingInvitation,
} from './team.fixtures';

const { given } = deciderSpec(companyDecider);
const command = commandsOf<CompanyCommand>();
const companyId = COMPANY_ID;
const changeRole = (userId: string, role: string, actor = as(ADMIN)) =>
  command('ChangeMemberRole', { companyId, userId, role }, actor);

describe('Changing roles', () => {
  it('given an employee, when an admin makes them a viewer, then the change records both roles', () => {
    given(fullTeam()).when(changeRole(EMPLOYEE.userId, 'viewer'))
      .then([current('MemberRoleChanged', { companyId, userId: EMPLOYEE.userId, fromRole: 'employee', toRole: 'viewer' })]);
  });

  it('given a viewer, when made a viewer again, then nothing happens', () => {
    given(fullTeam()).when(changeRole(VIEWER.userId, 'viewer')).thenNothingHappens();
  });

  it('given a team, when the role is unknown, then it is named', () => {
    given(fullTeam()).when(changeRole(EMPLOYEE.userId, 'boss')).thenThrows('member.invalid', ['role']);
  });

  it('given a team, when the user is not a member, then the member is not found', () => {
    given(fullTeam()).when(changeRole('user-ghost', 'viewer')).thenThrows('member.not_found');
  });

  it.each([['owner', as(OWNER)], ['staff', staff]])('given an employee, when the %s makes them owner, then it must be a transfer', (_who, actor) => {
    given(fullTeam()).when(changeRole(EMPLOYEE.userId, 'owner', actor)).thenThrows('member.owner_via_transfer');
  });

  it.each([['the owner themself', as(OWNER)], ['staff', staff]])('given the owner, when %s demotes them, then it must be a transfer', (_who, actor) => {
    given(fullTeam()).when(changeRole(OWNER.userId, 'admin', actor)).thenThrows('member.owner_via_transfer');
  });
});

describe('Owner protections against admins', () => {
  it.each([
    ['demote', changeRole(OWNER.userId, 'viewer')],
    ['remove', command('RemoveMember', { companyId, userId: OWNER.userId }, as(ADMIN))],
    ['deactivate', command('DeactivateMember', { companyId, userId: OWNER.userId }, as(ADMIN))],
    ['switch off MFA of', command('DisableMemberMfa', { companyId, userId: OWNER.userId }, as(ADMIN))],
    ['switch on MFA of', command('EnableMemberMfa', { companyId, userId: OWNER.userId }, as(ADMIN))],
    ['request a password reset for', command('RequestPasswordReset', { companyId, userId: OWNER.userId }, as(ADMIN))],
    ['reactivate', command('ReactivateMember', { companyId, userId: OWNER.userId }, as(ADMIN))],
  ])('given a team, when an admin tries to %s the owner, then it is forbidden', (_what, cmd) => {
    expect(given(fullTeam()).when(cmd).thenThrows('team.owner_protected')?.kind).toBe('forbidden');
  });

  it.each([['the owner themself', as(OWNER)], ['staff', staff]])('given a team, when %s requests a password reset for the owner, then it is requested', (_who, actor) => {
    given(fullTeam()).when(command('RequestPasswordReset', { companyId, userId: OWNER.userId }, actor)).thenTypes(['PasswordResetRequested']);
  });

  it('given a team, when an admin demotes another admin, then it is allowed', () => {
    given(fullTeam()).when(changeRole(DORMANT.userId, 'employee')).thenTypes(['MemberRoleChanged']);
  });
});

describe('Removing members', () => {
  it.each([
    ['an active', EMPLOYEE, 'active'],
    ['a deactivated', DORMANT, 'deactivated'],
  ] as const)('given %s member, when removed, then the event tells whether they were active and which place to give back', (_how, who, previousStatus) => {
    given(fullTeam()).when(command('RemoveMember', { companyId, userId: who.userId }, as(OWNER)))
      .then([current('MemberRemoved', { companyId, userId: who.userId, previousStatus, reservationId: reservationOf(who) })]);
  });

  it.each([
    ['the owner themself', as(OWNER), 'The owner cannot leave; transfer ownership first'],
    ['staff', staff, 'The owner cannot be removed; transfer ownership first'],
  ])('given the owner, when %s removes them, then ownership must move first, and the detail says what was asked', (_who, actor, detail) => {
    const error = given(fullTeam()).when(command('RemoveMember', { companyId, userId: OWNER.userId }, actor)).thenThrows('team.owner_required');
    expect([error?.kind, error?.message]).toEqual(['conflict', detail]);
  });

  it.each([['an employee', EMPLOYEE], ['a viewer', VIEWER], ['an admin', ADMIN]] as const)(
    'given %s, when they remove themself, then they leave and their place is given back', (_who, who) => {
      given(fullTeam()).when(command('RemoveMember', { companyId, userId: who.userId }, as(who)))
        .then([current('MemberRemoved', { companyId, userId: who.userId, previousStatus: 'active', reservationId: reservationOf(who) })]);
    });

  it('given an employee, when they remove another member, then it is forbidden: leaving is not managing', () => {
    expect(given(fullTeam()).when(command('RemoveMember', { companyId, userId: VIEWER.userId }, as(EMPLOYEE)))
      .thenThrows('company.permission_denied')?.kind).toBe('forbidden');
  });

  it('given a deactivated member, when they remove themself, then they leave and their place is given back', () => {
    given(fullTeam()).when(command('RemoveMember', { companyId, userId: DORMANT.userId }, as(DORMANT)))
      .then([current('MemberRemoved', { companyId, userId: DORMANT.userId, previousStatus: 'deactivated', reservationId: reservationOf(DORMANT) })]);
  });

  it('given a deactivated admin, when they remove another member, then the company is not found for them: only leaving is left to them', () => {
    given(fullTeam()).when(command('RemoveMember', { companyId, userId: EMPLOYEE.userId }, as(DORMANT))).thenThrows('company.not_found');
  });

  it('given a deactivated member, when they act about themself otherwise, then the company is not found for them', () => {
    given(fullTeam()).when(command('RequestPasswordReset', { companyId, userId: DORMANT.userId }, as(DORMANT))).thenThrows('company.not_found');
  });

  it('given a removed member, when they act, then the company is not found for them', () => {
    given([...fullTeam(), current('MemberRemoved', { companyId, userId: EMPLOYEE.userId, previousStatus: 'active', reservationId: reservationOf(EMPLOYEE) })])
      .when(command('RecordSignIn', { companyId, userId: EMPLOYEE.userId }, as(EMPLOYEE))).thenThrows('company.not_found');
  });
});

describe('Deactivating and reactivating', () => {
  const deactivate = (userId: string, actor = as(ADMIN)) => command('DeactivateMember', { companyId, userId }, actor);
  const reactivate = (userId: string) => command('ReactivateMember', { companyId, userId }, as(ADMIN));

  it('given an active member, when deactivated, then they are deactivated', () => {
    given(fullTeam()).when(deactivate(EMPLOYEE.userId)).then([current('MemberDeactivated', { companyId, userId: EMPLOYEE.userId })]);
  });

  it('given a deactivated member, when deactivated again, then nothing happens', () => {
    given(fullTeam()).when(deactivate(DORMANT.userId)).thenNothingHappens();
  });

  it('given a deactivated member, when reactivated, then they are active and may act again', () => {
    given(fullTeam()).when(reactivate(DORMANT.userId)).then([current('MemberReactivated', { companyId, userId: DORMANT.userId })]);
    given([...fullTeam(), current('MemberReactivated', { companyId, userId: DORMANT.userId })])
      .when(deactivate(EMPLOYEE.userId, as(DORMANT))).thenTypes(['MemberDeactivated']);
  });

  it('given an active member, when reactivated, then nothing happens', () => {
    given(fullTeam()).when(reactivate(EMPLOYEE.userId)).thenNothingHappens();
  });

  it.each([['the owner themself', as(OWNER)], ['staff', staff]])('given the owner, when %s deactivates them, then ownership must move first', (_who, actor) => {
    expect(given(fullTeam()).when(deactivate(OWNER.userId, actor)).thenThrows('team.owner_required')?.kind).toBe('conflict');
  });

  it('given a compromised owner, when staff transfer ownership and then deactivate the former owner, then they are deactivated', () => {
    const transferred = current('OwnershipTransferred', { companyId, fromUserId: OWNER.userId, toUserId: ADMIN.userId });
    given([...fullTeam(), transferred]).when(deactivate(OWNER.userId, staff))
      .then([current('MemberDeactivated', { companyId, userId: OWNER.userId })]);
  });
});

describe('Linking users (staff)', () => {
  const reservationId = 'join-new';
  const link = (userId: string, email: string, role: string) => command('LinkUser', { companyId, userId, email, role, reservationId });

  it('given a team, when staff link an existing user, then the membership is created, holding the reserved place', () => {
    given(fullTeam()).when(link('user-new', ' New@Acme.example', 'employee')).then([current('UserLinked', {
      companyId, userId: 'user-new', email: 'new@acme.example', role: 'employee', linkedBy: staff.userId, linkedAt: NOW, reservationId,
    })]);
  });

  it('given a team, when the email has a non-ASCII letter that lower-cases to an ASCII one (KELVIN SIGN), then it is refused, not linked as kira@', () => {
    given(fullTeam()).when(link('user-new', '\u212Aira@acme.example', 'employee')).thenThrows('member.invalid', ['email']);
  });

  it('given a team, when every value is wrong, then each is named', () => {
    given(fullTeam()).when(link(' ', 'nobody', 'boss')).thenThrows('member.invalid', ['userId', 'email', 'role']);
  });

  it('given a member, when staff link their user id again, then they are already a member', () => {
    given(fullTeam()).when(link(EMPLOYEE.userId, 'other@acme.example', 'viewer')).thenThrows('team.already_member');
  });

  it.each([['the same', EMPLOYEE.email], ['in another case', EMPLOYEE.email.toUpperCase()]])(
    'given a member, when staff link another user with their email %s, then the conflict is the email, not membership', (_how, email) => {
      const error = given(fullTeam()).when(link('user-new', email, 'viewer')).thenThrows('team.email_taken');
      expect([error?.kind, error?.message]).toEqual(['conflict', expect.stringContaining('email address')]);
    });

  it('given a company without an owner, when staff link an owner, then the owner is linked', () => {
    given(activeCompanyWithoutOwner()).when(link(OWNER.userId, OWNER.email, 'owner')).thenTypes(['UserLinked']);
  });

  it('given a pending owner invitation, when staff link an owner, then it conflicts: the invitation could no longer be accepted', () => {
    expect(given(withPendingInvitation(activeCompanyWithoutOwner(), { role: 'owner' }))
      .when(link(OWNER.userId, OWNER.email, 'owner')).thenThrows('invitation.owner_pending')?.kind).toBe('conflict');
  });

  it('given a pending invitation to an address, when staff link a user with that address, then it conflicts', () => {
    given(withPendingInvitation()).when(link(INVITEE.userId, INVITEE.email.toUpperCase(), 'viewer')).thenThrows('invitation.already_pending');
  });

  it.each([['cancelled', 'InvitationCancelled'], ['expired', null]] as const)(
    'given an owner invitation that was %s, when staff link an owner, then the owner is linked', (_how, ending) => {
      const invitation = ending === null
        ? withPendingInvitation(activeCompanyWithoutOwner(), { role: 'owner', sentAt: LONG_AGO })
        : [...withPendingInvitation(activeCompanyWithoutOwner(), { role: 'owner' }),
          current('InvitationCancelled', { companyId, invitationId: INVITATION_ID, cancelledBy: staff.userId })];
      given(invitation).when(link(OWNER.userId, OWNER.email, 'owner')).thenTypes(['UserLinked']);
    });

  it('given a company with an owner, when staff link a second owner, then it conflicts', () => {
    given(fullTeam()).when(link('user-new', 'new@acme.example', 'owner')).thenThrows('team.owner_exists');
  });

  it('given a member, when staff unlink them, then the event tells whether they were active and which place to give back', () => {
    given(fullTeam()).when(command('UnlinkUser', { companyId, userId: DORMANT.userId }))
      .then([current('UserUnlinked', { companyId, userId: DORMANT.userId, previousStatus: 'deactivated', reservationId: reservationOf(DORMANT) })]);
  });

  it('given the owner, when staff unlink them, then ownership must move first', () => {
    expect(given(fullTeam()).when(command('UnlinkUser', { companyId, userId: OWNER.userId })).thenThrows('team.owner_required')?.message)
      .toBe('The owner cannot be removed; transfer ownership first');
  });

  it('given a deleted company, when staff link a user, then the company is not found', () => {
    given(deleted(fullTeam())).when(link('user-new', 'new@acme.example', 'viewer')).thenThrows('company.not_found');
  });
});

describe('Ids that name something on every object', () => {
  const inherited = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];

  it.each(inherited)('given a team, when a command names member %s, then the member is not found and nothing is recorded', (userId) => {
    given(fullTeam()).when(command('RemoveMember', { companyId, userId }, as(OWNER))).thenThrows('member.not_found');
    given(fullTeam()).when(changeRole(userId, 'viewer')).thenThrows('member.not_found');
  });

  it.each(inherited)('given a team, when a command names invitation %s, then the invitation is not found', (invitationId) => {
    given(fullTeam()).when(command('CancelInvitation', { companyId, invitationId }, as(OWNER))).thenThrows('invitation.not_found');
  });
});
