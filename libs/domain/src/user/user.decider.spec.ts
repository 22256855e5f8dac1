import { commandsOf, deciderSpec } from '../testing/decider-spec';
import type { UserCommand } from './user.commands';
import { MEMBERSHIP_LIMIT, userDecider, userStreamName } from './user.decider';
import type { UserEvent } from './user.events';

const { given } = deciderSpec(userDecider);
const command = commandsOf<UserCommand>();
const userId = 'user-1';
const reserved = (companyId: string): UserEvent => ({ type: 'MembershipReserved', data: { userId, companyId }, schemaVersion: 1 });
const released = (companyId: string): UserEvent => ({ type: 'MembershipReleased', data: { userId, companyId }, schemaVersion: 1 });
const holding = (count: number) => Array.from({ length: count }, (_, i) => reserved(`company-${i + 1}`));
const reserve = (companyId: string) => command('ReserveMembership', { userId, companyId });
const release = (companyId: string) => command('ReleaseMembership', { userId, companyId });

describe('User memberships (the 30-company limit)', () => {
  it('has one stream per user and a limit of 30', () => {
    expect(userStreamName(userId)).toBe('user-user-1');
    expect(MEMBERSHIP_LIMIT).toBe(30);
  });

  it('given no memberships, when a place is reserved, then it is reserved', () => {
    given([]).when(reserve('company-a')).then([reserved('company-a')]);
  });

  it('given 29 memberships, when the 30th is reserved, then it is reserved', () => {
    given(holding(29)).when(reserve('company-a')).then([reserved('company-a')]);
  });

  it('given 30 memberships, when a 31st is reserved, then it is refused with a conflict', () => {
    expect(given(holding(30)).when(reserve('company-a')).thenThrows('user.membership_limit')?.kind).toBe('conflict');
  });

  it('given 30 memberships, when one of them is reserved again, then nothing happens', () => {
    given(holding(30)).when(reserve('company-7')).thenNothingHappens();
  });

  it('given 30 memberships and one released, when another is reserved, then it fits again', () => {
    given([...holding(30), released('company-3')]).when(reserve('company-a')).then([reserved('company-a')]);
  });

  it('given a membership, when released, then it is released', () => {
    given(holding(2)).when(release('company-2')).then([released('company-2')]);
  });

  it('given no such membership, when released, then nothing happens', () => {
    given([...holding(2), released('company-2')]).when(release('company-2')).thenNothingHappens();
  });
});
