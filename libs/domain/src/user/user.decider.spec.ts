import { NOW, commandsOf, deciderSpec } from '../testing/decider-spec';
import { upcastEvent } from '../events';
import type { UserCommand } from './user.commands';
import { MEMBERSHIP_LIMIT, placesHeld, userDecider, userStreamName } from './user.decider';
import type { UserEvent } from './user.events';

const { given } = deciderSpec(userDecider);
const command = commandsOf<UserCommand>();
const userId = 'user-1';
const EARLIER = '2026-11-01T10:00:00.000Z';

const reserved = (companyId: string, reservationId = `join-${companyId}`, reservedAt: string | null = EARLIER): UserEvent =>
  ({ type: 'MembershipReserved', data: { userId, companyId, reservationId, reservedAt }, schemaVersion: 2 });
const released = (companyId: string, reservationId = `join-${companyId}`): UserEvent =>
  ({ type: 'MembershipReleased', data: { userId, companyId, reservationId }, schemaVersion: 2 });
const holding = (count: number) => Array.from({ length: count }, (_, i) => reserved(`company-${i + 1}`));
const reserve = (companyId: string, reservationId = `join-${companyId}`) =>
  command('ReserveMembership', { userId, companyId, reservationId });
const release = (companyId: string, reservationId = `join-${companyId}`) =>
  command('ReleaseMembership', { userId, companyId, reservationId });

describe('User memberships (the 30-company limit)', () => {
  it('has one stream per user and a limit of 30', () => {
    expect(userStreamName(userId)).toBe('user-user-1');
    expect(MEMBERSHIP_LIMIT).toBe(30);
  });

  it('given no memberships, when a place is reserved, then it is reserved under the join\'s id, at the command\'s time', () => {
    given([]).when(reserve('company-a')).then([reserved('company-a', 'join-company-a', NOW)]);
  });

  it('given 29 memberships, when the 30th is reserved, then it is reserved', () => {
    given(holding(29)).when(reserve('company-a')).then([reserved('company-a', 'join-company-a', NOW)]);
  });

  it('given 30 memberships, when a 31st is reserved, then it is refused with a conflict', () => {
    expect(given(holding(30)).when(reserve('company-a')).thenThrows('user.membership_limit')?.kind).toBe('conflict');
  });

  it('given 30 memberships, when the same join reserves again (a retry), then nothing happens', () => {
    given(holding(30)).when(reserve('company-7')).thenNothingHappens();
  });

  it('given 30 memberships, when a second join into one of those companies reserves, then it shares that company\'s place', () => {
    given(holding(30)).when(reserve('company-7', 'another-join')).then([reserved('company-7', 'another-join', NOW)]);
  });

  it('given 30 memberships and one released, when another is reserved, then it fits again', () => {
    given([...holding(30), released('company-3')]).when(reserve('company-a')).then([reserved('company-a', 'join-company-a', NOW)]);
  });

  it('given a membership, when released under its id, then it is released', () => {
    given(holding(2)).when(release('company-2')).then([released('company-2')]);
  });

  it.each(['constructor', 'toString'])('given a membership, when a join named %s reserves or releases, then it is a join of its own', (reservationId) => {
    given(holding(2)).when(reserve('company-2', reservationId)).then([reserved('company-2', reservationId, NOW)]);
    given(holding(2)).when(release('company-2', reservationId)).thenNothingHappens();
    given(holding(30)).when(reserve('constructor', reservationId)).thenThrows('user.membership_limit');
  });

  it('given no such reservation, when released, then nothing happens', () => {
    given([...holding(2), released('company-2')]).when(release('company-2')).thenNothingHappens();
  });

  it('given a member who left and joined the same company again, when the old membership\'s late release comes, then only the old reservation goes', () => {
    const events = [reserved('company-a', 'first-join'), reserved('company-a', 'second-join'), released('company-a', 'first-join')];
    const state = events.reduce(userDecider.evolve, userDecider.initialState());

    expect(placesHeld(state)).toBe(1);
    given(events).when(release('company-a', 'first-join')).thenNothingHappens();
  });

  it('given two joins into one company, then the company counts once until both reservations are gone', () => {
    const both = [reserved('company-a', 'j1'), reserved('company-a', 'j2')];
    const count = (events: UserEvent[]) => placesHeld(events.reduce(userDecider.evolve, userDecider.initialState()));

    expect(count(both)).toBe(1);
    expect(count([...both, released('company-a', 'j2')])).toBe(1);
    expect(count([...both, released('company-a', 'j2'), released('company-a', 'j1')])).toBe(0);
  });
});

describe('User events stored in version 1 (before reservations had ids)', () => {
  it('given a stored v1 reservation, when read, then it is the legacy reservation, untimed', () => {
    expect(upcastEvent({ type: 'MembershipReserved', schemaVersion: 1, data: { userId, companyId: 'c-1' } }))
      .toEqual(reserved('c-1', 'v1', null));
  });

  it('given a stored v1 release, when read, then it releases the legacy reservation', () => {
    expect(upcastEvent({ type: 'MembershipReleased', schemaVersion: 1, data: { userId, companyId: 'c-1' } }))
      .toEqual(released('c-1', 'v1'));
  });

  it('given v1 history of join, leave and join again, when folded, then the user holds one place', () => {
    const stored = [
      { type: 'MembershipReserved', schemaVersion: 1, data: { userId, companyId: 'c-1' } },
      { type: 'MembershipReleased', schemaVersion: 1, data: { userId, companyId: 'c-1' } },
      { type: 'MembershipReserved', schemaVersion: 1, data: { userId, companyId: 'c-1' } },
    ].map((e) => upcastEvent(e) as UserEvent);

    expect(placesHeld(stored.reduce(userDecider.evolve, userDecider.initialState()))).toBe(1);
  });
});

describe('User erasure', () => {
  const erased: UserEvent = { type: 'UserErased', data: { userId }, schemaVersion: 1 };

  const erase = (personalDataHeld = false) => command('EraseUser', { userId, personalDataHeld });

  it('given a user with places, when they are erased, then the erasure is recorded and every place is kept', () => {
    given(holding(2)).when(erase()).then([erased]);
    const state = [...holding(2), erased].reduce(userDecider.evolve, userDecider.initialState());
    expect(placesHeld(state)).toBe(2);
  });

  it('given an erased user, when erased again (new data since), then that erasure is recorded too', () => {
    given([...holding(1), erased]).when(erase()).then([erased]);
  });

  it('given someone who never joined a company but whose personal data is held (staff who acted, an invitee who declined), when erased, then the erasure is recorded', () => {
    given([]).when(erase(true)).then([erased]);
  });

  it('given a user id that never joined a company and of whom nothing is held, when erased, then it is refused as not found', () => {
    expect(given([]).when(erase(false)).thenThrows('user.not_found')?.kind).toBe('not_found');
  });
});
