import { EVENT_SCHEMAS, USER_EVENT_TYPES } from '@tenancy/domain';
import { COMPANY_ID } from '@tenancy/domain/company/company.fixtures';
import { current, withAdmin } from '@tenancy/domain/team/team.fixtures';
import type { StoredDocument } from '@tenancy/read-store';
import { auditEventsProjection, auditSortKey, NO_COMPANY } from './audit-events.projection';
import { projectBatch } from './project-batch';
import { recorded } from './testing/recorded';

describe('The audit events read model', () => {
  it('given every event type the domain writes, then each one recorded on a company\'s stream (every one not a user\'s) is audited, and of users\' only the erasure', () => {
    const userTypes: readonly string[] = USER_EVENT_TYPES;
    const companyTypes = Object.keys(EVENT_SCHEMAS).filter((type) => !userTypes.includes(type));
    expect([...auditEventsProjection.canHandle].sort()).toEqual([...companyTypes, 'UserErased'].sort());
  });

  it('given staff erase a user, then the erasure is one document of no company, with its type, the staff actor and no personal data', () => {
    const at = '2026-11-03T10:00:00.000Z';
    const [erasure] = recorded([{ type: 'UserErased', data: { userId: 'sam' } }], { fromPosition: 7n, at: () => at });
    const event = { ...erasure, streamName: 'user-sam', revision: 3n, metadata: { occurredAt: at, actor: { userId: 'staff-1', email: 'staff@x.example' } } };

    const changes = projectBatch(auditEventsProjection, new Map(), [event]);

    expect(changes.erasures).toBeUndefined();
    expect(changes.upserts).toHaveLength(1);
    expect(changes.upserts[0]).toMatchObject({ id: event.id, companyId: NO_COMPANY });
    expect(changes.upserts[0].doc).toEqual({
      companyId: NO_COMPANY, eventId: event.id, streamName: 'user-sam', type: 'UserErased', actor: 'staff-1',
      occurredAt: at, position: '7', revision: 3, at: auditSortKey(at, 7n),
    });
  });

  it('given a company\'s history, then each event is one document keyed by its id, sorted by instant then position', () => {
    const events = recorded(withAdmin(), { at: () => '2026-11-01T10:00:00Z' });
    const docs = projectBatch(auditEventsProjection, new Map(), events).upserts;
    expect(docs.map((d) => d.id)).toEqual(events.map((e) => e.id));
    expect(docs[1].doc).toMatchObject({ companyId: COMPANY_ID, type: events[1].type, occurredAt: '2026-11-01T10:00:00Z', position: '2', revision: 1 });
    expect(docs.map((d) => d.doc.at)).toEqual([...docs.map((d) => d.doc.at as string)].sort());
  });

  it('given a company, when it is deleted, then its events stay and the deletion is one of them', () => {
    const events = recorded([...withAdmin(), current('CompanyDeleted', { companyId: COMPANY_ID, endedMemberships: [] })]);
    const changes = projectBatch(auditEventsProjection, new Map<string, StoredDocument>(), events);
    expect(changes.removeCompanies).toEqual([]);
    expect(changes.upserts.map((u) => u.doc.type)).toContain('CompanyDeleted');
    expect(changes.upserts).toHaveLength(events.length);
  });
});
