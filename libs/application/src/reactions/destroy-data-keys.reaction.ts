import type { DataKeyStore } from '@tenancy/read-store';
import type { Reaction } from './reaction';

/** The key store's destroying side (docs/personal-data.md). */
export type KeyShredder = Pick<DataKeyStore, 'destroyCompanyKeys' | 'destroyUserKeys'>;

/**
 * A deleted company's data is gone for good: destroying every key of the company (its own, its
 * people's there, its invitations') leaves each email in its history unreadable, read as erased.
 * Seen again after a crash, there is nothing left to destroy.
 */
export const destroyDeletedCompanyKeys = (keys: KeyShredder): Reaction => ({
  name: 'destroy deleted company keys',
  canHandle: ['CompanyDeleted'],
  async react(event) {
    await keys.destroyCompanyKeys((event.data as { companyId: string }).companyId);
  },
});

/** An erased user: every key of theirs, in every company and their own, is destroyed. */
export const destroyErasedUserKeys = (keys: KeyShredder): Reaction => ({
  name: 'destroy erased user keys',
  canHandle: ['UserErased'],
  async react(event) {
    await keys.destroyUserKeys((event.data as { userId: string }).userId);
  },
});
