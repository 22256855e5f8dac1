import { EVENT_SCHEMAS, personalFieldsOf } from '@tenancy/domain';
import type { RecordedEvent } from '@tenancy/event-store';
import { companyIdOfStream, HEADERS, PUBLISHED_DATA_KEYS, publishedData, toKafkaMessages, type PublishedEvent } from './event-message';

const metadata = {
  eventId: 'ev-1', commandId: 'cmd-1', correlationId: 'corr-1', causationId: 'cmd-1',
  actor: { userId: 'staff-1', staff: true, email: 'staff@example.com' }, occurredAt: '2026-11-22T10:00:00.000Z', schemaVersion: 1,
};

const stored = (type: string, data: Record<string, unknown>, overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: 'ev-1', type, data, metadata, streamName: 'company-c1', revision: 4n, position: 42n, ...overrides,
});

const valueOf = (event: RecordedEvent): PublishedEvent => JSON.parse(toKafkaMessages(event)[0].value!);

describe('company events as Kafka messages', () => {
  it('given a company event, then it is keyed by the company id and carries the headers', () => {
    const [message] = toKafkaMessages(stored('CompanyActivated', { companyId: 'c1' }));
    expect(message.key).toBe('c1');
    expect(message.headers).toEqual({
      [HEADERS.eventId]: 'ev-1', [HEADERS.eventType]: 'CompanyActivated', [HEADERS.schemaVersion]: '1',
      [HEADERS.correlationId]: 'corr-1', [HEADERS.streamRevision]: '4',
    });
  });

  it('given a company event, then the value is the envelope with ids only', () => {
    expect(valueOf(stored('MemberRoleChanged', { companyId: 'c1', userId: 'u1', fromRole: 'viewer', toRole: 'admin' }))).toEqual({
      eventId: 'ev-1', type: 'MemberRoleChanged', schemaVersion: 1, companyId: 'c1',
      occurredAt: '2026-11-22T10:00:00.000Z', revision: 4,
      data: { companyId: 'c1', userId: 'u1', fromRole: 'viewer', toRole: 'admin' },
    });
  });

  it('given personal data and secrets in the event, then none of it is published', () => {
    const events = [
      stored('CompanyCreated', {
        companyId: 'c1', name: 'Acme GmbH', environment: 'production', baseUrl: 'https://acme.example',
        timezone: 'Europe/Berlin', defaultLanguage: 'de-DE', contactEmail: 'ops@acme.example',
      }),
      stored('CompanyDetailsChanged', { companyId: 'c1', changes: { name: 'Other', contactEmail: 'x@acme.example' } }),
      stored('ApiTokenIssued', { companyId: 'c1', tokenHash: 'hash', tokenPrefix: 'tk_abc' }),
      stored('TenantSecretRotated', { companyId: 'c1', version: 2, secretCiphertext: 'cipher' }),
      stored('InvitationSent', {
        companyId: 'c1', invitationId: 'i1', email: 'nina@acme.example', role: 'admin', invitedBy: 'u0',
        sentAt: '2026-11-22T10:00:00Z', expiresAt: '2026-11-29T10:00:00Z',
      }),
      stored('PasswordResetRequested', { companyId: 'c1', userId: 'u1', email: 'emma@acme.example', requestedBy: 'u0' }),
    ];
    const values = events.map((e) => toKafkaMessages(e)[0].value!).join('\n');
    for (const leak of ['Acme', 'acme.example', 'hash', 'tk_abc', 'cipher', 'Europe/Berlin', 'staff@example.com', 'u0']) {
      expect(values).not.toContain(leak);
    }
    expect(valueOf(events[0]).data).toEqual({ companyId: 'c1', environment: 'production' });
    expect(valueOf(events[3]).data).toEqual({ companyId: 'c1', version: 2 });
    expect(valueOf(events[4]).data).toEqual({ companyId: 'c1', invitationId: 'i1', role: 'admin' });
  });

  it('given an allowlisted key holding an object, then it is left out', () => {
    expect(publishedData({ userId: { email: 'a@b.c' }, role: 'admin' })).toEqual({ role: 'admin' });
  });

  it('given CompanyDeleted, then a tombstone with the same key follows the event', () => {
    const messages = toKafkaMessages(stored('CompanyDeleted', { companyId: 'c1' }, { revision: 9n }));
    expect(messages.map((m) => [m.key, m.value === null])).toEqual([['c1', false], ['c1', true]]);
    expect(messages[1].headers).toEqual({ [HEADERS.streamRevision]: '9' });
  });

  it('given an event of another stream, then nothing is published', () => {
    expect(toKafkaMessages(stored('MembershipReserved', { userId: 'u1', companyId: 'c1' }, { streamName: 'user-u1' }))).toEqual([]);
  });

  it('given metadata without correlation id or schema version, then the headers say version 1 and omit the correlation', () => {
    const [message] = toKafkaMessages(stored('CompanyActivated', { companyId: 'c1' }, { metadata: {} }));
    expect(message.headers[HEADERS.schemaVersion]).toBe('1');
    expect(message.headers).not.toHaveProperty(HEADERS.correlationId);
  });

  it('given the command\'s traceparent in the metadata, then it goes with the correlation as a header; without one, no header', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const [traced] = toKafkaMessages(stored('CompanyActivated', { companyId: 'c1' }, { metadata: { ...metadata, traceparent } }));
    expect(traced.headers).toMatchObject({ [HEADERS.traceparent]: traceparent, [HEADERS.correlationId]: 'corr-1' });
    expect(toKafkaMessages(stored('CompanyActivated', { companyId: 'c1' }))[0].headers).not.toHaveProperty(HEADERS.traceparent);
  });

  it('reads the company id from the stream name', () => {
    expect(companyIdOfStream('company-0b9c-7f')).toBe('0b9c-7f');
    expect(companyIdOfStream('company-')).toBeNull();
    expect(companyIdOfStream('user-u1')).toBeNull();
  });
});

describe('personal data and the fan-out', () => {
  it('given every personal field the domain declares, then none is a key the fan-out publishes', () => {
    const personalKeys = Object.keys(EVENT_SCHEMAS).flatMap((type) => personalFieldsOf(type).map((field) => field.path.split('.')[0]));
    expect(personalKeys.length).toBeGreaterThan(0);
    expect(personalKeys.filter((key) => PUBLISHED_DATA_KEYS.includes(key))).toEqual([]);
  });

  it('given an event read after its emails were erased, then its message is the same as before, with no email either way', () => {
    const before = stored('UserLinked', { companyId: 'c1', userId: 'u1', email: 'sam@acme.example', role: 'admin' });
    const after = stored('UserLinked', { companyId: 'c1', userId: 'u1', email: null, role: 'admin' },
      { metadata: { ...metadata, actor: { ...metadata.actor, email: null }, erased: ['email', 'actor.email'] } });
    expect(toKafkaMessages(after)).toEqual(toKafkaMessages(before));
    expect(JSON.stringify(toKafkaMessages(before))).not.toContain('@');
  });
});
