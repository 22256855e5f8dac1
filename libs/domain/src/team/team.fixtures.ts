import type { CompanyEvent } from '../company/company.decider';
import { activeCompany, COMPANY_ID } from '../company/company.fixtures';
import type { Actor } from '../shared';
import { staff } from '../testing/decider-spec';
import type { Role } from './team.state';

/**
 * Test data built from events and composed: `withViewer(withAdmin())` is a company with an owner,
 * an admin and a viewer. NOW in the tests is 2026-11-22; people joined and were invited before.
 */
export interface Person { userId: string; email: string }

export const OWNER: Person = { userId: 'user-owner', email: 'olivia@acme.example' };
export const ADMIN: Person = { userId: 'user-admin', email: 'adam@acme.example' };
export const EMPLOYEE: Person = { userId: 'user-employee', email: 'emma@acme.example' };
export const VIEWER: Person = { userId: 'user-viewer', email: 'victor@acme.example' };
/** An admin who was deactivated: their role must not help them. */
export const DORMANT: Person = { userId: 'user-dormant', email: 'dora@acme.example' };
export const OUTSIDER: Person = { userId: 'user-outsider', email: 'otto@elsewhere.example' };
/** The person the pending invitation is for. */
export const INVITEE: Person = { userId: 'user-invitee', email: 'nina@acme.example' };

export const as = (person: Person): Actor => ({ userId: person.userId, staff: false, email: person.email });

export const INVITATION_ID = 'inv-1';
export const JOINED_AT = '2026-10-01T09:00:00.000Z';
/** Sent eleven days before NOW: still pending. */
export const SENT_AT = '2026-11-11T10:00:00.000Z';
export const EXPIRES_AT = '2026-12-11T10:00:00.000Z';
/** Sent forty days before NOW: past its expiry, though nothing recorded that. */
export const LONG_AGO = '2026-10-13T10:00:00.000Z';

/** Types whose current shape is version 2: a literal list, independent of the production schemas, so tests check versions too. */
const VERSION_2: ReadonlySet<string> = new Set(['MemberJoined', 'UserLinked', 'UserUnlinked', 'MemberRemoved', 'CompanyDeleted']);

/** The expected shape of every event, in its current version. */
export const current = <T extends CompanyEvent['type']>(type: T, data: Extract<CompanyEvent, { type: T }>['data']) =>
  ({ type, data, schemaVersion: VERSION_2.has(type) ? 2 : 1 }) as Extract<CompanyEvent, { type: T }>;

/** Each membership's place is reserved under the id of the join that made it. */
export const reservationOf = (person: Person) => `join-${person.userId}`;

const plus30Days = (iso: string) => new Date(Date.parse(iso) + 30 * 86_400_000).toISOString();

type InvitationOverrides = Partial<Extract<CompanyEvent, { type: 'InvitationSent' }>['data']>;

export const invitationSent = (overrides: InvitationOverrides = {}): CompanyEvent[] => {
  const sentAt = overrides.sentAt ?? SENT_AT;
  return [current('InvitationSent', {
    companyId: COMPANY_ID, invitationId: INVITATION_ID, email: INVITEE.email, role: 'employee',
    invitedBy: OWNER.userId, sentAt, expiresAt: plus30Days(sentAt), ...overrides,
  })];
};

/** A company that exists but nobody has joined yet. */
export const activeCompanyWithoutOwner = (): CompanyEvent[] => activeCompany();

/** Staff link people in directly: shorter than the invitation round trip, same membership. */
export const linked = (person: Person, role: Role): CompanyEvent[] => [current('UserLinked', {
  companyId: COMPANY_ID, ...person, role, linkedBy: staff.userId, linkedAt: JOINED_AT, reservationId: reservationOf(person),
})];

/** The first owner arrives the only way a company gets one: a staff owner invitation, accepted. */
export const companyWithOwner = (): CompanyEvent[] => [
  ...activeCompany(),
  ...invitationSent({ invitationId: 'inv-owner', email: OWNER.email, role: 'owner', invitedBy: staff.userId, sentAt: JOINED_AT }),
  current('InvitationAccepted', { companyId: COMPANY_ID, invitationId: 'inv-owner', userId: OWNER.userId, email: OWNER.email }),
  current('MemberJoined', {
    companyId: COMPANY_ID, userId: OWNER.userId, email: OWNER.email, role: 'owner', joinedAt: JOINED_AT,
    invitationId: 'inv-owner', reservationId: reservationOf(OWNER),
  }),
];

export const withAdmin = (base = companyWithOwner()) => [...base, ...linked(ADMIN, 'admin')];
export const withEmployee = (base = companyWithOwner()) => [...base, ...linked(EMPLOYEE, 'employee')];
export const withViewer = (base = companyWithOwner()) => [...base, ...linked(VIEWER, 'viewer')];
export const withDormantAdmin = (base = companyWithOwner()) => [
  ...base, ...linked(DORMANT, 'admin'), current('MemberDeactivated', { companyId: COMPANY_ID, userId: DORMANT.userId }),
];
export const withPendingInvitation = (base = fullTeam(), overrides: InvitationOverrides = {}) => [...base, ...invitationSent(overrides)];
export const withMfa = (person: Person, base = fullTeam()) => [
  ...base, current('MemberMfaEnabled', { companyId: COMPANY_ID, userId: person.userId }),
];

/** Owner, admin, employee, viewer and a deactivated admin. */
export const fullTeam = () => withDormantAdmin(withViewer(withEmployee(withAdmin())));

/** Whatever was there, the company is deleted afterwards. */
export const deleted = (base: CompanyEvent[]) => [...base, current('CompanyDeleted', { companyId: COMPANY_ID, endedMemberships: [] })];
