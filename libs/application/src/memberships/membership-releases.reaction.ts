import type { Actor, CommandMetadata, CompanyEvent } from '@tenancy/domain';
import { eventOf } from '@tenancy/event-store';
import type { Reaction } from '../reactions/reaction';
import type { Clock, MembershipProcess } from './membership-process';

/** The memberships an event ends, each with the reservation holding its place. */
export function endedMemberships(event: CompanyEvent): { userId: string; reservationId: string }[] {
  switch (event.type) {
    case 'MemberRemoved':
    case 'UserUnlinked': {
      const { userId, reservationId } = event.data;
      // null: recorded before v2, when the place was given back in the same request.
      return reservationId === null ? [] : [{ userId, reservationId }];
    }
    case 'CompanyDeleted':
      return event.data.endedMemberships ?? [];
    default:
      return [];
  }
}

/** A member who leaves, or loses their company, gets their place back (see MembershipProcess). */
export const releaseEndedMemberships = (memberships: MembershipProcess, clock: Clock): Reaction => ({
  name: 'release ended memberships',
  canHandle: ['MemberRemoved', 'UserUnlinked', 'CompanyDeleted'],
  async react(recorded) {
    const event = eventOf<CompanyEvent>(recorded);
    const companyId = (event.data as { companyId: string }).companyId;
    for (const { userId, reservationId } of endedMemberships(event)) {
      // Derived from the event, so seeing the event again repeats nothing.
      const metadata: CommandMetadata = {
        commandId: `release:${recorded.id}:${userId}`, causationId: recorded.id,
        correlationId: String(recorded.metadata.correlationId ?? recorded.id),
        actor: recorded.metadata.actor as Actor, now: clock.now().toISOString(),
      };
      await memberships.release(userId, companyId, reservationId, metadata);
    }
  },
});
