import { createHash } from 'node:crypto';
import { companyNotFound } from '@tenancy/domain';

/** The ids this service makes (companies, invitations, webhook endpoints) are UUIDs, in any case. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Company ids are UUIDs we make; anything else cannot name a company (not found, as for one deleted). */
export function parseCompanyId(value: string): string {
  if (!UUID.test(value)) throw companyNotFound();
  return value.toLowerCase();
}

/**
 * A company made by a command its sender named (a Kafka `commandId`) gets an id derived from that
 * name, so the command redelivered after a crash (decided, its result not yet remembered) lands
 * on the same stream again and is recognised there.
 */
export function companyIdFor(senderCommandId: string): string {
  const hex = createHash('sha256').update(`tenancy:company:${senderCommandId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
