import { upcastEvent } from '../events';
import { COMPANY_ID } from '../company/company.fixtures';
import { JOINED_AT, OWNER, current } from './team.fixtures';

const companyId = COMPANY_ID;
const { userId, email } = OWNER;

/** Membership events stored before memberships named their reservation read with the legacy one. */
describe('Team events stored in version 1', () => {
  it('given a stored v1 MemberJoined, when read, then it holds the legacy reservation', () => {
    const data = { companyId, userId, email, role: 'owner', joinedAt: JOINED_AT, invitationId: 'inv-1' } as const;

    expect(upcastEvent({ type: 'MemberJoined', schemaVersion: 1, data }))
      .toEqual(current('MemberJoined', { ...data, reservationId: 'v1' }));
  });

  it('given a stored v1 UserLinked, when read, then it holds the legacy reservation', () => {
    const data = { companyId, userId, email, role: 'admin', linkedBy: 'staff-1', linkedAt: JOINED_AT } as const;

    expect(upcastEvent({ type: 'UserLinked', schemaVersion: 1, data }))
      .toEqual(current('UserLinked', { ...data, reservationId: 'v1' }));
  });

  it.each(['MemberRemoved', 'UserUnlinked'] as const)('given a stored v1 %s, when read, then no place is owed back (it was given back then)', (type) => {
    const data = { companyId, userId, previousStatus: 'active' } as const;

    expect(upcastEvent({ type, schemaVersion: 1, data })).toEqual(current(type, { ...data, reservationId: null }));
  });
});
