import type { RecordedEvent } from '@tenancy/event-store';
import { auditEntry } from './audit-entry';

const companyId = '01a2354d-ab00-73d6-9503-91598c365d28';

function recorded(actor: object): RecordedEvent {
  return {
    id: 'e-1', type: 'CompanyActivated', data: { companyId }, streamName: `company-${companyId}`, revision: 1n, position: 2n,
    metadata: { eventId: 'e-1', occurredAt: '2026-11-22T10:00:00.000Z', actor, commandId: 'c-1', correlationId: 'c-1', causationId: 'c-1', schemaVersion: 1 },
  } as unknown as RecordedEvent;
}

describe('auditEntry: one event as the history, the trail and the export show it', () => {
  it('given an event recorded before actors always had an email key (a Kafka command without actor-email), then its actor reads email null', () => {
    expect(auditEntry({ event: recorded({ userId: 'staff-kafka', staff: true }), changes: [] }).actor)
      .toStrictEqual({ userId: 'staff-kafka', staff: true, email: null });
  });

  it('given an actor with an email, or with null recorded, then it reads as recorded', () => {
    expect(auditEntry({ event: recorded({ userId: 'sam', staff: false, email: 'sam@acme.example', emailVerified: true }), changes: [] }).actor)
      .toStrictEqual({ userId: 'sam', staff: false, email: 'sam@acme.example', emailVerified: true });
    expect(auditEntry({ event: recorded({ userId: 'sam', staff: false, email: null }), changes: [] }).actor)
      .toStrictEqual({ userId: 'sam', staff: false, email: null });
  });
});
