import { COMPANY_ID } from '@tenancy/domain/company/company.fixtures';
import { current } from '@tenancy/domain/team/team.fixtures';
import type { CompanyEvent } from '@tenancy/domain';
import type { StoredDocument } from '@tenancy/read-store';
import { projectBatch } from './project-batch';
import type { Projection } from './projection';
import { recorded } from './testing/recorded';
import { webhookEndpointsProjection } from './webhook-endpoints.projection';

const projection = webhookEndpointsProjection as unknown as Projection;
const project = (events: CompanyEvent[]) => projectBatch(projection, new Map<string, StoredDocument>(), recorded(events));
const companyId = COMPANY_ID;
const webhookId = 'wh-1';
const url = 'https://hooks.acme.example/tenancy';
const added = current('WebhookEndpointAdded', { companyId, webhookId, url, eventTypes: null, description: 'ERP' });
const failingSince = '2026-10-28T10:00:00.000Z';

describe('webhook_endpoints_v1 projection', () => {
  it('given an endpoint added, then its document says where and what, enabled, keyed by its id', () => {
    const { upserts } = project([added]);
    expect(upserts.map((u) => [u.id, u.doc])).toEqual([[webhookId, {
      companyId, webhookId, url, eventTypes: null, description: 'ERP', enabled: true, failingSince: null,
      addedAt: '2026-11-01T10:00:00.000Z', changedAt: '2026-11-01T10:00:00.000Z',
    }]]);
  });

  it('given it was disabled for failing and then enabled again, then it is enabled with no failing spell', () => {
    const disabled = current('WebhookEndpointDisabled', { companyId, webhookId, failingSince });
    expect(project([added, disabled]).upserts[0].doc).toMatchObject({ enabled: false, failingSince });
    const enabled = current('WebhookEndpointChanged', { companyId, webhookId, changes: { enabled: true, eventTypes: ['MemberJoined'] } });
    expect(project([added, disabled, enabled]).upserts[0].doc).toMatchObject({
      enabled: true, failingSince: null, eventTypes: ['MemberJoined'], changedAt: '2026-11-03T10:00:00.000Z',
    });
  });

  it('given it was removed, then its document goes', () => {
    const { upserts, removals } = project([added, current('WebhookEndpointRemoved', { companyId, webhookId })]);
    expect([upserts, removals.map((r) => r.id)]).toEqual([[], [webhookId]]);
  });
});
