import { companyDecider, type CompanyCommand } from '../company/company.decider';
import { COMPANY_ID } from '../company/company.fixtures';
import { commandsOf, deciderSpec, staff } from '../testing/decider-spec';
import { activeCompanyWithoutOwner, ADMIN, as, deleted, DORMANT, EMPLOYEE, fullTeam, OWNER, current } from './team.fixtures';

const { given } = deciderSpec(companyDecider);
const command = commandsOf<CompanyCommand>();
const companyId = COMPANY_ID;
const transfer = (toUserId: string, actor = as(OWNER)) => command('TransferOwnership', { companyId, toUserId }, actor);
const transferred = current('OwnershipTransferred', { companyId, fromUserId: OWNER.userId, toUserId: EMPLOYEE.userId });

describe('Transferring ownership', () => {
  it('given an owner, when they hand ownership to an active member, then both are named', () => {
    given(fullTeam()).when(transfer(EMPLOYEE.userId)).then([transferred]);
  });

  it('given an owner, when staff transfer ownership, then it moves from the current owner', () => {
    given(fullTeam()).when(transfer(EMPLOYEE.userId, staff)).then([transferred]);
  });

  it('given a transfer, then the old owner is an admin and the new owner holds the owner rights', () => {
    const after = [...fullTeam(), transferred];
    given(after).when(transfer(ADMIN.userId, as(OWNER))).thenThrows('company.permission_denied');
    given(after).when(command('RemoveMember', { companyId, userId: EMPLOYEE.userId }, as(OWNER))).thenThrows('team.owner_protected');
    given(after).when(transfer(OWNER.userId, as(EMPLOYEE)))
      .then([current('OwnershipTransferred', { companyId, fromUserId: EMPLOYEE.userId, toUserId: OWNER.userId })]);
  });

  it('given an owner, when an admin transfers ownership, then it is forbidden', () => {
    given(fullTeam()).when(transfer(ADMIN.userId, as(ADMIN))).thenThrows('company.permission_denied');
  });

  it('given an owner, when the target is not a member, then the member is not found', () => {
    given(fullTeam()).when(transfer('user-ghost')).thenThrows('member.not_found');
  });

  it('given an owner, when the target is deactivated, then it conflicts', () => {
    given(fullTeam()).when(transfer(DORMANT.userId)).thenThrows('member.deactivated');
  });

  it('given an owner, when they transfer to themself, then nothing happens', () => {
    given(fullTeam()).when(transfer(OWNER.userId)).thenNothingHappens();
  });

  describe('given a company without an owner', () => {
    const linked = (member: { userId: string; email: string }, role: 'employee' | 'admin', n: number) => current('UserLinked', {
      companyId, userId: member.userId, email: member.email, role, linkedBy: staff.userId, linkedAt: '2026-10-01T09:00:00.000Z', reservationId: `join-${n}`,
    });
    const ownerless = () => [...activeCompanyWithoutOwner(), linked(EMPLOYEE, 'employee', 1), linked(ADMIN, 'admin', 2)];
    const firstOwner = current('OwnershipTransferred', { companyId, fromUserId: null, toUserId: EMPLOYEE.userId });

    it('when staff transfer to an active member, then that member becomes the owner and nobody is demoted', () => {
      given(ownerless()).when(transfer(EMPLOYEE.userId, staff)).then([firstOwner]);
    });

    it('when staff have made a member the owner, then that member holds the owner rights and the admin is still an admin', () => {
      given([...ownerless(), firstOwner]).when(transfer(ADMIN.userId, as(EMPLOYEE)))
        .then([current('OwnershipTransferred', { companyId, fromUserId: EMPLOYEE.userId, toUserId: ADMIN.userId })]);
      given([...ownerless(), firstOwner]).when(transfer(EMPLOYEE.userId, as(ADMIN))).thenThrows('company.permission_denied');
    });

    it('when an admin makes themself or another member the owner, then it is forbidden', () => {
      given(ownerless()).when(transfer(ADMIN.userId, as(ADMIN))).thenThrows('company.permission_denied');
      given(ownerless()).when(transfer(EMPLOYEE.userId, as(ADMIN))).thenThrows('company.permission_denied');
    });

    it('when staff transfer to a deactivated member, then it conflicts', () => {
      given([...ownerless(), current('MemberDeactivated', { companyId, userId: EMPLOYEE.userId })])
        .when(transfer(EMPLOYEE.userId, staff)).thenThrows('member.deactivated');
    });

    it('when staff transfer to someone who is not a member, then the member is not found', () => {
      given(ownerless()).when(transfer('user-ghost', staff)).thenThrows('member.not_found');
    });
  });

  it('given a deleted company, when the owner transfers, then it is not found', () => {
    given(deleted(fullTeam())).when(transfer(EMPLOYEE.userId)).thenThrows('company.not_found');
  });
});
