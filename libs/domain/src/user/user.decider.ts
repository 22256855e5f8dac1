/**
 * The user aggregate (stream `user-{userId}`) exists for one rule: a user belongs to at most
 * MEMBERSHIP_LIMIT companies. Memberships live on the company streams, and we append to one stream
 * at a time, so no company stream can see the count. This stream is the authority for it instead:
 * every join first reserves a place here under its own id (the id of the join command), and the
 * place is released under that same id when the join fails or the membership it made ends.
 *
 * Ids make every release exact: a late release of an ended membership cannot free the place of a
 * newer one in the same company, and a failed second join cannot free the first one's place. A
 * company counts once however many of its reservations are held (a join under way beside a
 * membership). The steps and their repair are in libs/application/src/memberships.
 */
import { assertNever, conflict, entryOf, notFound, type Decider } from '../shared';
import type { UserCommand } from './user.commands';
import type { UserEvent } from './user.events';

export const MEMBERSHIP_LIMIT = 30;

export const userStreamName = (userId: string) => `user-${userId}`;

/** One held place: which join took it, and when (null when taken before places were timed). */
export interface Reservation {
  companyId: string;
  reservationId: string;
  reservedAt: string | null;
}

export interface UserState {
  /** Held reservations by company, then by reservation id. */
  places: Readonly<Record<string, Readonly<Record<string, Reservation>>>>;
  /** Whether the stream holds any event (they joined a company, or were erased). */
  known: boolean;
}

export const initialUserState = (): UserState => ({ places: {}, known: false });

/** Companies the user holds a place in: what the limit counts. */
export const placesHeld = (state: UserState): number => Object.keys(state.places).length;

export const reservationsOf = (state: UserState): Reservation[] =>
  Object.values(state.places).flatMap((byId) => Object.values(byId));

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  // Erasure changes no place: the memberships stay, under the user's id. A user we know is one who
  // joined a company, was erased before, or whose personal data we hold (they acted somewhere, or
  // answered an invitation). Erasing an id we know nothing of is refused, so a mistyped id is told
  // apart from a done erasure.
  if (command.type === 'EraseUser') {
    if (!state.known && !command.data.personalDataHeld) {
      throw notFound('user.not_found', 'No personal data of a user with this id is held: they never joined a company, acted in one or answered an invitation');
    }
    return [{ type: 'UserErased', data: { userId: command.data.userId }, schemaVersion: 1 }];
  }
  const { userId, companyId, reservationId } = command.data;
  const inCompany = entryOf(state.places, companyId);
  const held = inCompany !== undefined && entryOf(inCompany, reservationId) !== undefined;
  switch (command.type) {
    case 'ReserveMembership':
      if (held) return []; // a retried reservation: this join already holds its place
      if (!inCompany && placesHeld(state) >= MEMBERSHIP_LIMIT) {
        throw conflict('user.membership_limit', `A user may belong to at most ${MEMBERSHIP_LIMIT} companies, those where they are deactivated included`);
      }
      return [{
        type: 'MembershipReserved', data: { userId, companyId, reservationId, reservedAt: command.metadata.now }, schemaVersion: 2,
      }];
    case 'ReleaseMembership':
      return held ? [{ type: 'MembershipReleased', data: { userId, companyId, reservationId }, schemaVersion: 2 }] : [];
    default:
      return assertNever(command);
  }
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserErased') return { ...state, known: true };
  const { companyId, reservationId } = event.data;
  const { [companyId]: _inCompany, ...others } = state.places;
  const inCompany = entryOf(state.places, companyId) ?? {};
  switch (event.type) {
    case 'MembershipReserved': {
      const { reservedAt } = event.data;
      return { known: true, places: { ...others, [companyId]: { ...inCompany, [reservationId]: { companyId, reservationId, reservedAt } } } };
    }
    case 'MembershipReleased': {
      const { [reservationId]: _released, ...rest } = inCompany;
      return { known: true, places: Object.keys(rest).length > 0 ? { ...others, [companyId]: rest } : others };
    }
  }
}

export const userDecider: Decider<UserCommand, UserState, UserEvent> = {
  initialState: initialUserState,
  decide: decideUser,
  evolve: evolveUser,
};
