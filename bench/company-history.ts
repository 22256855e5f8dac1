import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@tenancy/event-store';
import { timeOrderedIds } from '@tenancy/platform';

const ROLES = ['admin', 'employee', 'viewer'] as const;

/**
 * A plausible company history for benchmarks: created, activated, staffed, used. Event ids are
 * time-ordered, as the service makes them (the IDS provider): every index keyed by event id (the
 * event log's, the audit trail's, the webhook queue's) grows at its end in production, and random
 * ids would measure page splits that never happen there.
 */
export function companyHistory(companyId: string, length: number): NewEvent[] {
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  const event = (i: number, type: string, data: Record<string, unknown>, id = timeOrderedIds.next()): NewEvent => ({
    id, type, data: { companyId, ...data },
    metadata: {
      eventId: id, commandId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID(),
      actor: { userId: 'bench', staff: true }, occurredAt: at(i), schemaVersion: 1,
    },
  });
  const history: NewEvent[] = [
    event(0, 'CompanyCreated', {
      name: `Company ${companyId.slice(0, 8)}`, environment: 'production', baseUrl: null,
      timezone: 'Europe/Berlin', defaultLanguage: 'de', contactEmail: null,
    }),
    event(1, 'ApiTokenIssued', { tokenHash: randomUUID(), tokenPrefix: 'tnc_abcd' }),
    event(2, 'CompanyActivated', {}),
  ];
  const members: string[] = [];
  for (let i = history.length; i < length; i++) {
    if (i % 3 === 0 || members.length === 0) {
      const userId = randomUUID();
      members.push(userId);
      const role = members.length === 1 ? 'owner' : ROLES[i % ROLES.length];
      history.push(event(i, 'UserLinked', { userId, email: `${userId.slice(0, 8)}@bench.example`, role, linkedBy: 'bench', linkedAt: at(i) }));
    } else if (i % 3 === 1) {
      history.push(event(i, 'MemberSignedIn', { userId: members[i % members.length], at: at(i) }));
    } else {
      history.push(event(i, 'CompanyDetailsChanged', { changes: { name: `Company ${companyId.slice(0, 8)} ${i}` } }));
    }
  }
  return history.slice(0, length);
}
