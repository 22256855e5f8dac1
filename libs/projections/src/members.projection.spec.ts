import { COMPANY_ID } from '@tenancy/domain/company/company.fixtures';
import {
  ADMIN, DORMANT, EMPLOYEE, fullTeam, JOINED_AT, OWNER, current, VIEWER,
} from '@tenancy/domain/team/team.fixtures';
import type { CompanyEvent } from '@tenancy/domain';
import type { StoredDocument } from '@tenancy/read-store';
import { memberDocumentId, membersProjection, type MemberView } from './members.projection';
import { projectBatch } from './project-batch';
import type { Projection } from './projection';
import { recorded } from './testing/recorded';

const projection = membersProjection as unknown as Projection;
const project = (events: CompanyEvent[]) => projectBatch(projection, new Map<string, StoredDocument>(), recorded(events));
const docs = (events: CompanyEvent[]) => new Map(project(events).upserts.map((u) => [u.id, u.doc as MemberView]));
const idOf = (userId: string) => memberDocumentId(COMPANY_ID, userId);

describe('members_v3 projection', () => {
  it('given a full team, then there is one document per member with its company id, role and status', () => {
    const members = docs(fullTeam());
    expect([...members.keys()].sort()).toEqual([OWNER, ADMIN, EMPLOYEE, VIEWER, DORMANT].map((p) => idOf(p.userId)).sort());
    expect(members.get(idOf(ADMIN.userId))).toEqual({
      companyId: COMPANY_ID, userId: ADMIN.userId, email: ADMIN.email, role: 'admin', status: 'active',
      mfaEnabled: false, lastLoginAt: null, joinedAt: JOINED_AT,
    });
    expect(members.get(idOf(OWNER.userId))).toMatchObject({ role: 'owner', joinedAt: JOINED_AT });
    expect(members.get(idOf(DORMANT.userId))).toMatchObject({ status: 'deactivated' });
  });

  it('given role, status, MFA and sign-in changes, then the member document follows each', () => {
    const companyId = COMPANY_ID;
    const member = docs([...fullTeam(),
      current('MemberRoleChanged', { companyId, userId: EMPLOYEE.userId, fromRole: 'employee', toRole: 'viewer' }),
      current('MemberDeactivated', { companyId, userId: EMPLOYEE.userId }),
      current('MemberReactivated', { companyId, userId: EMPLOYEE.userId }),
      current('MemberMfaEnabled', { companyId, userId: EMPLOYEE.userId }),
      current('MemberSignedIn', { companyId, userId: EMPLOYEE.userId, at: '2026-11-20T08:00:00.000Z' }),
    ]).get(idOf(EMPLOYEE.userId));
    expect(member).toMatchObject({
      role: 'viewer', status: 'active', mfaEnabled: true, lastLoginAt: '2026-11-20T08:00:00.000Z',
    });
  });

  it('given a removed and an unlinked member, then both documents are removed', () => {
    const changes = project([...fullTeam(),
      current('MemberRemoved', { companyId: COMPANY_ID, userId: EMPLOYEE.userId, previousStatus: 'active', reservationId: 'join-1' }),
      current('UserUnlinked', { companyId: COMPANY_ID, userId: DORMANT.userId, previousStatus: 'deactivated', reservationId: 'join-1' }),
    ]);
    expect(changes.removals.map((r) => r.id).sort()).toEqual([idOf(DORMANT.userId), idOf(EMPLOYEE.userId)].sort());
    expect(changes.upserts.map((u) => u.id)).not.toContain(idOf(EMPLOYEE.userId));
  });

  it('given an ownership transfer, then the old owner reads as admin and the new owner as owner', () => {
    const members = docs([...fullTeam(),
      current('OwnershipTransferred', { companyId: COMPANY_ID, fromUserId: OWNER.userId, toUserId: ADMIN.userId })]);
    const roles = [...members.values()].map((m) => [m.userId, m.role]);
    expect(Object.fromEntries(roles)).toEqual({
      [OWNER.userId]: 'admin', [ADMIN.userId]: 'owner', [EMPLOYEE.userId]: 'employee',
      [VIEWER.userId]: 'viewer', [DORMANT.userId]: 'admin',
    });
  });

  it('given a deleted company, then its member documents go with it', () => {
    const changes = project([...fullTeam(), current('CompanyDeleted', { companyId: COMPANY_ID, endedMemberships: [] })]);
    expect(changes.removeCompanies).toEqual([COMPANY_ID]);
    expect(changes.upserts).toEqual([]);
  });

  describe('erasure', () => {
    const erased = (userId: string) => ({ type: 'UserErased', data: { userId } }) as unknown as CompanyEvent;
    const stored = (view: MemberView, position: bigint): StoredDocument => ({ id: idOf(view.userId), companyId: COMPANY_ID, position, doc: view });

    it('given a member erased in the same batch, then they stay a member, with no email, and every stored membership of theirs is cleared', () => {
      const events = [...fullTeam(), erased(ADMIN.userId)];
      const changes = project(events);
      expect(docs(events).get(idOf(ADMIN.userId))).toEqual(expect.objectContaining({ userId: ADMIN.userId, email: null, erased: ['email'], role: 'admin' }));
      expect(docs(events).get(idOf(OWNER.userId))).not.toHaveProperty('erased');
      expect(docs(events).get(idOf(OWNER.userId))?.email).toBe(OWNER.email);
      expect(changes.erasures).toEqual([{ field: 'userId', value: ADMIN.userId, clear: ['email'], position: BigInt(events.length) }]);
    });

    it('given an erased member who signs in later in the batch, then their loaded document is written without the email', () => {
      const view = docs(fullTeam()).get(idOf(ADMIN.userId))!;
      const later = current('MemberSignedIn', { companyId: COMPANY_ID, userId: ADMIN.userId, at: '2026-11-21T08:00:00.000Z' });
      const changes = projectBatch(projection, new Map([[idOf(ADMIN.userId), stored(view, 3n)]]),
        recorded([erased(ADMIN.userId), later], { fromPosition: 10n }));
      expect(changes.upserts.map((u) => u.doc)).toEqual([{ ...view, email: null, erased: ['email'], lastLoginAt: '2026-11-21T08:00:00.000Z' }]);
    });

    it('given a person linked again after their erasure, then the new email stands', () => {
      const relinked = current('UserLinked', {
        companyId: COMPANY_ID, userId: 'sam', email: 'sam@again.example', role: 'viewer', linkedBy: 'staff-1', linkedAt: JOINED_AT, reservationId: 'join-2',
      });
      const member = docs([erased('sam'), relinked]).get(idOf('sam'));
      expect(member?.email).toBe('sam@again.example');
      expect(member).not.toHaveProperty('erased');
    });

    it('given a rebuild that reads an erased member\'s join (the email null, named in metadata.erased), then the member lists the email as erased through later changes, as the live read model does', () => {
      const [joined, signedIn] = recorded([
        current('UserLinked', { companyId: COMPANY_ID, userId: 'sam', email: null, role: 'viewer', linkedBy: 'staff-1', linkedAt: JOINED_AT, reservationId: 'join-2' }),
        current('MemberSignedIn', { companyId: COMPANY_ID, userId: 'sam', at: '2026-11-21T08:00:00.000Z' }),
      ]);
      const changes = projectBatch(projection, new Map(), [{ ...joined, metadata: { ...joined.metadata, erased: ['email', 'actor.email'] } }, signedIn]);
      expect(changes.upserts.map((u) => u.doc)).toEqual([expect.objectContaining({ email: null, erased: ['email'], lastLoginAt: '2026-11-21T08:00:00.000Z' })]);
    });

    it('given a member whose identity provider gave no email, then the email is null and not listed as erased', () => {
      const linked = current('UserLinked', { companyId: COMPANY_ID, userId: 'sam', email: null, role: 'viewer', linkedBy: 'staff-1', linkedAt: JOINED_AT, reservationId: 'join-2' });
      const changes = projectBatch(projection, new Map(), recorded([linked]).map((e) => ({ ...e, metadata: { ...e.metadata, erased: ['actor.email'] } })));
      expect(changes.upserts.map((u) => u.doc)).toEqual([expect.not.objectContaining({ erased: expect.anything() })]);
    });
  });
});
