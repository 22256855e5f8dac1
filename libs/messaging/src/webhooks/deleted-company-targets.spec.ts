import type { RecordedEvent } from '@tenancy/event-store';
import { targetsAtDeletion } from './deleted-company-targets';

const companyId = 'c1';
const settings = (webhook: boolean) => ({
  companyId, notificationPreferences: { email: false, sms: false, webhook }, currency: 'EUR', defaultTaxRate: 19, invoiceNumberPattern: 'INV-{seq}',
});

/** The company's stream from these events, in order. */
function stream(...events: [string, Record<string, unknown>][]): RecordedEvent[] {
  return events.map(([type, data], i) => ({
    id: `e${i}`, type, data, metadata: { schemaVersion: 1, occurredAt: '2026-01-01T00:00:00.000Z' },
    streamName: `company-${companyId}`, revision: BigInt(i), position: BigInt(i + 1),
  }));
}

const integrated: [string, Record<string, unknown>][] = [
  ['CompanyCreated', { companyId }],
  ['TenantSecretRotated', { companyId, version: 1, secretCiphertext: 'x' }],
  ['TenantSettingsChanged', settings(true)],
  ['WebhookEndpointAdded', { companyId, webhookId: 'w1', url: 'https://a.example/', eventTypes: null, description: null }],
  ['WebhookEndpointAdded', { companyId, webhookId: 'w2', url: 'https://b.example/', eventTypes: ['CompanyDeleted'], description: null }],
  ['WebhookEndpointAdded', { companyId, webhookId: 'w3', url: 'https://c.example/', eventTypes: null, description: null }],
  ['WebhookEndpointChanged', { companyId, webhookId: 'w2', changes: { url: 'https://b2.example/' } }],
  ['WebhookEndpointRemoved', { companyId, webhookId: 'w3' }],
];
const deleted: [string, Record<string, unknown>] = ['CompanyDeleted', { companyId, endedMemberships: [] }];

describe('Where a deleted company\'s CompanyDeleted goes', () => {
  it('given a company with its switch on and a secret, when it is deleted, then its endpoints as they were just before', () => {
    expect(targetsAtDeletion(stream(...integrated, deleted), companyId)).toEqual([
      { webhookId: 'w1', companyId, url: 'https://a.example/', eventTypes: null, enabled: true },
      { webhookId: 'w2', companyId, url: 'https://b2.example/', eventTypes: ['CompanyDeleted'], enabled: true },
    ]);
  });

  it('given a paused endpoint, then it is listed as off', () => {
    const paused: [string, Record<string, unknown>] = ['WebhookEndpointChanged', { companyId, webhookId: 'w1', changes: { enabled: false } }];
    expect(targetsAtDeletion(stream(...integrated, paused, deleted), companyId).map((t) => t.enabled)).toEqual([false, true]);
  });

  it('given the webhook switch off, or no tenant secret, then none', () => {
    expect(targetsAtDeletion(stream(...integrated, ['TenantSettingsChanged', settings(false)], deleted), companyId)).toEqual([]);
    expect(targetsAtDeletion(stream(...integrated.filter(([type]) => type !== 'TenantSecretRotated'), deleted), companyId)).toEqual([]);
  });

  it('given a company not deleted, then none', () => {
    expect(targetsAtDeletion(stream(...integrated), companyId)).toEqual([]);
  });
});
