import { companyDecider, type CompanyCommand } from '../company/company.decider';
import { COMPANY_ID } from '../company/company.fixtures';
import { commandsOf, deciderSpec, NOW, staff } from '../testing/decider-spec';
import { ADMIN, as, deleted, DORMANT, EMPLOYEE, fullTeam, OWNER, current, VIEWER, withMfa } from './team.fixtures';

const { given } = deciderSpec(companyDecider);
const command = commandsOf<CompanyCommand>();
const companyId = COMPANY_ID;

describe('Password resets', () => {
  it('given a member, when an admin requests a reset for them, then the identity system is told where to mail it', () => {
    given(fullTeam()).when(command('RequestPasswordReset', { companyId, userId: EMPLOYEE.userId }, as(ADMIN)))
      .then([current('PasswordResetRequested', { companyId, userId: EMPLOYEE.userId, email: EMPLOYEE.email, requestedBy: ADMIN.userId })]);
  });

  it('given a viewer, when they request their own reset, then it is requested', () => {
    given(fullTeam()).when(command('RequestPasswordReset', { companyId, userId: VIEWER.userId }, as(VIEWER)))
      .then([current('PasswordResetRequested', { companyId, userId: VIEWER.userId, email: VIEWER.email, requestedBy: VIEWER.userId })]);
  });

  it('given a viewer, when they request a reset for someone else, then it is forbidden', () => {
    given(fullTeam()).when(command('RequestPasswordReset', { companyId, userId: EMPLOYEE.userId }, as(VIEWER)))
      .thenThrows('company.permission_denied');
  });

  it('given a deactivated member, when they request their own reset, then the company is not found', () => {
    given(fullTeam()).when(command('RequestPasswordReset', { companyId, userId: DORMANT.userId }, as(DORMANT)))
      .thenThrows('company.not_found');
  });
});

describe('Multi-factor authentication', () => {
  it('given MFA off, when a viewer switches on their own, then it is enabled', () => {
    given(fullTeam()).when(command('EnableMemberMfa', { companyId, userId: VIEWER.userId }, as(VIEWER)))
      .then([current('MemberMfaEnabled', { companyId, userId: VIEWER.userId })]);
  });

  it('given MFA on, when the member switches it off, then it is disabled', () => {
    given(withMfa(EMPLOYEE)).when(command('DisableMemberMfa', { companyId, userId: EMPLOYEE.userId }, as(EMPLOYEE)))
      .then([current('MemberMfaDisabled', { companyId, userId: EMPLOYEE.userId })]);
  });

  it('given MFA on, when enabled again, then nothing happens', () => {
    given(withMfa(EMPLOYEE)).when(command('EnableMemberMfa', { companyId, userId: EMPLOYEE.userId }, as(ADMIN))).thenNothingHappens();
  });

  it('given MFA off, when disabled, then nothing happens', () => {
    given(fullTeam()).when(command('DisableMemberMfa', { companyId, userId: EMPLOYEE.userId }, as(ADMIN))).thenNothingHappens();
  });

  it('given the owner with MFA on, when the owner or staff switch it off, then it is disabled', () => {
    given(withMfa(OWNER)).when(command('DisableMemberMfa', { companyId, userId: OWNER.userId }, as(OWNER))).thenTypes(['MemberMfaDisabled']);
    given(withMfa(OWNER)).when(command('DisableMemberMfa', { companyId, userId: OWNER.userId }, staff)).thenTypes(['MemberMfaDisabled']);
  });

  it('given an employee, when they switch MFA for someone else, then it is forbidden', () => {
    given(fullTeam()).when(command('EnableMemberMfa', { companyId, userId: VIEWER.userId }, as(EMPLOYEE)))
      .thenThrows('company.permission_denied');
  });
});

describe('Sign-ins', () => {
  const signIn = (userId: string, actor = as(EMPLOYEE)) => command('RecordSignIn', { companyId, userId }, actor);

  it('given a member, when their sign-in is recorded, then it happened now', () => {
    given(fullTeam()).when(signIn(EMPLOYEE.userId)).then([current('MemberSignedIn', { companyId, userId: EMPLOYEE.userId, at: NOW })]);
  });

  it('given a member, when an admin records a sign-in for them, then it is forbidden', () => {
    given(fullTeam()).when(signIn(EMPLOYEE.userId, as(ADMIN))).thenThrows('company.permission_denied');
  });

  it('given a deactivated member, when staff record a sign-in for them, then it conflicts', () => {
    given(fullTeam()).when(signIn(DORMANT.userId, staff)).thenThrows('member.deactivated');
  });

  it('given a deleted company, when a member signs in, then it is not found', () => {
    given(deleted(fullTeam())).when(signIn(EMPLOYEE.userId)).thenThrows('company.not_found');
  });
});
