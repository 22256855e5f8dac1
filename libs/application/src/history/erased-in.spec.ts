import type { CompanyRecord } from '@tenancy/domain';
import type { RecordedEvent } from '@tenancy/event-store';
import { erasedIn, nullsNamedIn } from './company-history';

/** A record with the given emails (null: erased, or never given). */
const record = (contactEmail: string | null, members: Record<string, string | null>, invitations: Record<string, string | null>) => ({
  company: { contactEmail },
  members: Object.fromEntries(Object.entries(members).map(([userId, email]) => [userId, { userId, email }])),
  invitations: Object.fromEntries(Object.entries(invitations).map(([invitationId, email]) => [invitationId, { invitationId, email }])),
}) as unknown as CompanyRecord;

const read = (type: string, data: Record<string, unknown>, erased?: string[]) =>
  ({ type, data, metadata: erased ? { erased } : {} }) as unknown as RecordedEvent;

describe('erasedIn: which null personal values of an as-of record were erased', () => {
  it('given events read with erased emails, then the member, the invitation and the contact email they name are listed', () => {
    const erased = erasedIn(record(null, { sam: null, kim: 'kim@x.example' }, { 'inv-1': null }), [
      read('CompanyCreated', { contactEmail: null }, ['contactEmail']),
      read('MemberJoined', { userId: 'sam', email: null }, ['email', 'actor.email']),
      read('InvitationSent', { invitationId: 'inv-1', email: null }, ['email']),
      read('MemberJoined', { userId: 'kim', email: 'kim@x.example' }),
    ]);
    expect(erased.company).toEqual(['contactEmail']);
    expect([...erased.members]).toEqual([['sam', ['email']]]);
    expect([...erased.invitations]).toEqual([['inv-1', ['email']]]);
  });

  it('given members joined every way (founding, an accepted invitation, a link) and erased, then each is listed as a member, and the invitation by its own answer', () => {
    const state = record(null, { founder: null, sam: null, kim: null }, { 'inv-1': null });
    const events = [
      read('MemberJoined', { userId: 'founder', email: null, invitationId: null }, ['email']),
      read('InvitationAccepted', { invitationId: 'inv-1', userId: 'sam', email: null }, ['email']),
      read('MemberJoined', { userId: 'sam', email: null, invitationId: 'inv-1' }, ['email']),
      read('UserLinked', { userId: 'kim', email: null }, ['email']),
    ];
    for (const nulls of [erasedIn(state, events), nullsNamedIn(state, events.map((e) => ({ ...e, metadata: { unreadable: e.metadata.erased } })), 'unreadable')]) {
      expect([...nulls.members]).toEqual([['founder', ['email']], ['sam', ['email']], ['kim', ['email']]]);
      expect([...nulls.invitations]).toEqual([['inv-1', ['email']]]);
    }
  });

  it('given a null email no event read as erased (the identity provider gave none), or only the actor\'s email erased, then nothing is listed', () => {
    const erased = erasedIn(record(null, { sam: null }, {}), [read('UserLinked', { userId: 'sam', email: null }, ['actor.email'])]);
    expect([erased.company, [...erased.members], [...erased.invitations]]).toEqual([[], [], []]);
  });

  it('given an erased email given again later, then it is not listed', () => {
    const erased = erasedIn(record('ops@new.example', { sam: 'sam@again.example' }, {}), [
      read('CompanyCreated', { contactEmail: null }, ['contactEmail']),
      read('MemberJoined', { userId: 'sam', email: null }, ['email']),
    ]);
    expect([erased.company, [...erased.members]]).toEqual([[], []]);
  });

  it('given ids that name what every object has (constructor, toString), then only the record\'s own entries are listed', () => {
    const erased = erasedIn(record(null, {}, {}), [
      read('MemberJoined', { userId: 'constructor', email: null }, ['email']),
      read('InvitationSent', { invitationId: 'toString', email: null }, ['email']),
    ]);
    expect([[...erased.members], [...erased.invitations]]).toEqual([[], []]);
  });

  it('given an email read as unreadable (its stored box failed authentication) beside one erased, then each is listed under its own marker', () => {
    const events = [
      read('MemberJoined', { userId: 'sam', email: null }, ['email']),
      { ...read('MemberJoined', { userId: 'kim', email: null }), metadata: { unreadable: ['email'] } } as unknown as RecordedEvent,
    ];
    const state = record(null, { sam: null, kim: null }, {});

    expect([...nullsNamedIn(state, events, 'unreadable').members]).toEqual([['kim', ['email']]]);
    expect([...erasedIn(state, events).members]).toEqual([['sam', ['email']]]);
  });
});
