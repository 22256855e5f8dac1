import { StreamDeleted, type EventStore } from '@tenancy/event-store';
import type { Reaction } from './reaction';

/** A deleted company is gone for good: its stream takes no more appends and reads as deleted. */
export const tombstoneDeletedCompany = (store: Pick<EventStore, 'tombstoneStream'>): Reaction => ({
  name: 'tombstone deleted company',
  canHandle: ['CompanyDeleted'],
  async react(event) {
    try {
      await store.tombstoneStream(event.streamName);
    } catch (error) {
      if (!(error instanceof StreamDeleted)) throw error; // seen again after a crash: already done
    }
  },
});
