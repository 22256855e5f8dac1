import { EVENT_SCHEMAS, USER_EVENT_TYPES } from '@tenancy/domain';
import { COMPANY_ID } from '@tenancy/domain/company/company.fixtures';
import { current, withAdmin } from '@tenancy/domain/team/team.fixtures';
import type { StoredDocument } from '@tenancy/read-store';
import { auditEventsProjection } from './audit-events.projection';
import { projectBatch } from './project-batch';
import { recorded } from './testing/recorded';

describe('The audit events read model', () => {
  it('given every event type the domain writes, then each one recorded on a company\'s stream (every one not a user\'s) is audited', () => {
    const userTypes: readonly string[] = USER_EVENT_TYPES;
    const companyTypes = Object.keys(EVENT_SCHEMAS).filter((type) => !userTypes.includes(type));
    expect([...auditEventsProjection.canHandle].sort()).toEqual(companyTypes.sort());
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
