import { companyStreamName } from '@tenancy/domain';
import type { Snapshots } from '../commands/snapshots';
import type { Reaction } from './reaction';

/**
 * Snapshots hold personal data in clear, as read models do, so they go where the data goes: a
 * deleted company's, and every one when a user is erased. Listed before the key destruction, so
 * the key store's checkpoint of the embedded file also takes the forgotten rows' bytes away.
 */
export const forgetSnapshots = (snapshots: Pick<Snapshots, 'forget' | 'forgetAll'>): Reaction => ({
  name: 'forget snapshots of deleted and erased data',
  canHandle: ['CompanyDeleted', 'UserErased'],
  async react(event) {
    if (event.type === 'CompanyDeleted') await snapshots.forget(companyStreamName((event.data as { companyId: string }).companyId));
    else await snapshots.forgetAll();
  },
});
