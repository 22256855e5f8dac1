import { companyDecider, type CompanyCommand } from '../company/company.decider';
import { requireExisting } from '../company/lifecycle.decide';
import { COMPANY_ID } from '../company/company.fixtures';
import type { Actor } from '../shared';
import { commandsOf, deciderSpec, staff } from '../testing/decider-spec';
import { accessFor, accessOf, authorize, may, PERMISSIONS, permissionDenied, type Permission } from './access';
import {
  ADMIN, as, DORMANT, EMPLOYEE, fullTeam, INVITATION_ID, OUTSIDER, OWNER, VIEWER, withPendingInvitation,
} from './team.fixtures';

const { given } = deciderSpec(companyDecider);
const command = commandsOf<CompanyCommand>();
const companyId = COMPANY_ID;

const CALLERS: [string, Actor][] = [
  ['owner', as(OWNER)], ['admin', as(ADMIN)], ['employee', as(EMPLOYEE)], ['viewer', as(VIEWER)],
  ['staff', staff], ['non-member', as(OUTSIDER)], ['deactivated member', as(DORMANT)],
];
type Outcome = 'ok' | 'forbidden' | 'not found';
/** Outcomes in CALLERS order. */
const MANAGE: Outcome[] = ['ok', 'ok', 'forbidden', 'forbidden', 'ok', 'not found', 'not found'];
const STAFF_ONLY: Outcome[] = ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok', 'not found', 'not found'];
/** Aimed at the employee: managers may, and so may the employee about themself. */
const MANAGE_OR_SELF: Outcome[] = ['ok', 'ok', 'ok', 'forbidden', 'ok', 'not found', 'not found'];
const OWNER_ONLY: Outcome[] = ['ok', 'forbidden', 'forbidden', 'forbidden', 'ok', 'not found', 'not found'];

const settings = {
  notificationPreferences: { email: true, sms: false, webhook: true },
  currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{yyyy}-{seq}',
};

// Each row: a command (data only, the caller varies), what it emits when allowed, and who is allowed.
const MATRIX: [CompanyCommand['type'], object, string[], Outcome[]][] = [
  ['InviteUser', { invitationId: 'inv-2', email: 'new@acme.example', role: 'employee' }, ['InvitationSent'], MANAGE],
  ['ResendInvitation', { invitationId: INVITATION_ID }, ['InvitationResent'], MANAGE],
  ['CancelInvitation', { invitationId: INVITATION_ID }, ['InvitationCancelled'], MANAGE],
  ['ChangeMemberRole', { userId: EMPLOYEE.userId, role: 'viewer' }, ['MemberRoleChanged'], MANAGE],
  ['RemoveMember', { userId: EMPLOYEE.userId }, ['MemberRemoved'], MANAGE_OR_SELF],
  // A deactivated member may leave (their place under the limit is theirs), and do nothing else.
  ['RemoveMember', { userId: DORMANT.userId }, ['MemberRemoved'], ['ok', 'ok', 'forbidden', 'forbidden', 'ok', 'not found', 'ok']],
  ['RequestPasswordReset', { userId: DORMANT.userId }, ['PasswordResetRequested'], MANAGE],
  ['EnableMemberMfa', { userId: DORMANT.userId }, ['MemberMfaEnabled'], MANAGE],
  ['DeactivateMember', { userId: EMPLOYEE.userId }, ['MemberDeactivated'], MANAGE],
  ['ReactivateMember', { userId: DORMANT.userId }, ['MemberReactivated'], MANAGE],
  ['RequestPasswordReset', { userId: EMPLOYEE.userId }, ['PasswordResetRequested'], MANAGE_OR_SELF],
  ['EnableMemberMfa', { userId: EMPLOYEE.userId }, ['MemberMfaEnabled'], MANAGE_OR_SELF],
  ['LinkUser', { userId: 'user-new', email: 'new@acme.example', role: 'viewer', reservationId: 'r-1' }, ['UserLinked'], STAFF_ONLY],
  ['UnlinkUser', { userId: EMPLOYEE.userId }, ['UserUnlinked'], STAFF_ONLY],
  ['RecordSignIn', { userId: EMPLOYEE.userId }, ['MemberSignedIn'], ['forbidden', 'forbidden', 'ok', 'forbidden', 'ok', 'not found', 'not found']],
  ['TransferOwnership', { toUserId: ADMIN.userId }, ['OwnershipTransferred'], OWNER_ONLY],
  ['RotateTenantSecret', { secretCiphertext: 'cipher-1' }, ['TenantSecretRotated'], MANAGE],
  ['ChangeTenantSettings', settings, ['TenantSettingsChanged'], MANAGE],
];

const cases = MATRIX.flatMap(([type, data, emits, outcomes]) =>
  CALLERS.map(([who, actor], i) => [type, who, outcomes[i], actor, data, emits] as const));

describe('Who may act in a company (role matrix)', () => {
  it.each(cases)('given a full team, when %s comes from the %s, then it is %s', (type, _who, outcome, actor, data, emits) => {
    const when = given(withPendingInvitation())
      .when(command(type, { companyId, ...data } as never, actor));
    if (outcome === 'ok') when.thenTypes(emits as never);
    else if (outcome === 'forbidden') expect(when.thenThrows('company.permission_denied')?.kind).toBe('forbidden');
    else expect(when.thenThrows('company.not_found')?.kind).toBe('not_found');
  });

  it('given a caller who is staff and also a member, when they act, then staff rights apply', () => {
    given(fullTeam())
      .when(command('LinkUser', { companyId, userId: 'user-new', email: 'new@acme.example', role: 'viewer', reservationId: 'r-1' }, { ...as(VIEWER), staff: true }))
      .thenTypes(['UserLinked']);
  });
});

describe('Reading members (helpers for the read side)', () => {
  const { team: members } = requireExisting(fullTeam().reduce(companyDecider.evolve, companyDecider.initialState()));

  it.each([
    ['owner', as(OWNER), true], ['admin', as(ADMIN), true], ['employee', as(EMPLOYEE), true],
    ['viewer', as(VIEWER), true], ['staff', staff, true],
  ] as const)('given a full team, the %s may read the members', (_who, actor, allowed) => {
    expect(may(accessOf(members, actor), 'readMembers')).toBe(allowed);
  });

  it.each([
    ['owner', as(OWNER), true], ['admin', as(ADMIN), true], ['employee', as(EMPLOYEE), false],
    ['viewer', as(VIEWER), false], ['staff', staff, true],
  ] as const)('given a full team, whether the %s may read the company\'s history', (_who, actor, allowed) => {
    expect(may(accessOf(members, actor), 'readHistory')).toBe(allowed);
  });

  it.each([
    ['a non-member', as(OUTSIDER)], ['a deactivated member', as(DORMANT)],
  ] as const)('given a full team, %s has no access at all (so is told not found)', (_who, actor) => {
    expect(accessOf(members, actor)).toEqual({ kind: 'none' });
  });

  it('given one member row from a read model, accessFor decides the same way', () => {
    expect(accessFor({ role: 'viewer', status: 'active' }, as(VIEWER))).toEqual({ kind: 'member', userId: VIEWER.userId, role: 'viewer' });
    expect(accessFor({ role: 'admin', status: 'deactivated' }, as(DORMANT))).toEqual({ kind: 'none' });
    expect(accessFor(undefined, staff)).toEqual({ kind: 'staff', userId: staff.userId });
  });

  it('viewers and employees read but change nothing', () => {
    expect(may({ kind: 'member', userId: 'u', role: 'viewer' }, 'manageMembers')).toBe(false);
    expect(may({ kind: 'member', userId: 'u', role: 'employee' }, 'manageTenant')).toBe(false);
  });

  it('given a viewer who tries to manage members, then the 403 says what in words, not the permission\'s name', () => {
    expect(() => authorize(members, as(VIEWER), 'manageMembers'))
      .toThrow(expect.objectContaining({ code: 'company.permission_denied', message: 'Your role in this company does not allow managing its members' }));
  });

  it.each(Object.keys(PERMISSIONS) as Permission[])('the refusal of %s names no internal permission', (permission) => {
    expect(permissionDenied(permission).message).not.toMatch(new RegExp(`${permission}|\\(\\w+\\)$`));
  });
});
