/**
 * The user aggregate (stream `user-{userId}`) exists for one rule: a user belongs to at most
 * MEMBERSHIP_LIMIT companies. Memberships live on the company streams, and we append to one stream
 * at a time, so no company stream can see the count. This stream is the authority for it instead:
 *
 *   1. reserve here   (ReserveMembership → MembershipReserved, refused at the limit)
 *   2. join there     (AcceptInvitation / LinkUser on the company stream)
 *   3. release here   (ReleaseMembership) if step 2 fails, and whenever the member later leaves.
 *
 * Two concurrent accepts for the same user both append to this stream with an expected revision,
 * so one of them must reload and decide again, seeing the other's reservation. A crash between
 * 1 and 3 can leave a reservation without a membership (the user is short one place, never over
 * the limit); a repair job can release such orphans by comparing with the company streams.
 */
import { assertNever, conflict, type Decider } from '../shared';
import type { UserCommand } from './user.commands';
import type { UserEvent } from './user.events';

export const MEMBERSHIP_LIMIT = 30;

export const userStreamName = (userId: string) => `user-${userId}`;

export interface UserState {
  /** Companies the user holds a place in (reserved or joined). */
  companyIds: readonly string[];
}

export const initialUserState = (): UserState => ({ companyIds: [] });

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  const { userId, companyId } = command.data;
  const held = state.companyIds.includes(companyId);
  switch (command.type) {
    case 'ReserveMembership':
      if (held) return []; // a retried reservation; the place is already taken
      if (state.companyIds.length >= MEMBERSHIP_LIMIT) {
        throw conflict('user.membership_limit', `A user may belong to at most ${MEMBERSHIP_LIMIT} companies`);
      }
      return [{ type: 'MembershipReserved', data: { userId, companyId }, schemaVersion: 1 }];
    case 'ReleaseMembership':
      return held ? [{ type: 'MembershipReleased', data: { userId, companyId }, schemaVersion: 1 }] : [];
    default:
      return assertNever(command);
  }
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  const { companyId } = event.data;
  switch (event.type) {
    case 'MembershipReserved':
      return { companyIds: [...state.companyIds, companyId] };
    case 'MembershipReleased':
      return { companyIds: state.companyIds.filter((id) => id !== companyId) };
  }
}

export const userDecider: Decider<UserCommand, UserState, UserEvent> = {
  initialState: initialUserState,
  decide: decideUser,
  evolve: evolveUser,
};
