import { randomUUID } from 'node:crypto';
import { HEADERS } from '@tenancy/messaging';
import { deliveryReport, kafkaClient, readTopic } from '../../../libs/messaging/src/fan-out/testing/fan-out-fixtures';
import { companyWithOwner, link, person, TestApp } from './harness';

const brokers = process.env.KAFKA_BROKERS;

/** The embedded default (projections in process) publishes company events to Kafka when brokers are configured. */
if (!brokers) {
  process.stdout.write('[kafka] KAFKA_BROKERS not set — Kafka events e2e suite skipped\n');
  it.skip('Events out to Kafka (KAFKA_BROKERS not set)', () => undefined);
} else {
  describe('Events out to Kafka', () => {
    const prefix = `e2e-events-${randomUUID().slice(0, 8)}.`;
    let t: TestApp;
    beforeAll(async () => { t = await TestApp.start(undefined, { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix }); }, 60_000);
    afterAll(async () => t?.stop(), 30_000);

    it('given a company with members, deleted, then its events are on the topic with ids only and a tombstone last', async () => {
      const owner = person('olivia', 'olivia@acme.example');
      const id = await companyWithOwner(t, owner, { name: 'Acme Kafka GmbH', contactEmail: 'ops@acme.example' });
      await link(t, id, person('emma', 'emma@acme.example'), 'employee');
      expect((await t.request('DELETE', `/v1/companies/${id}`, { confirmName: 'Acme Kafka GmbH' })).status).toBe(204);

      const received = await readTopic(kafkaClient(brokers.split(',')), `${prefix}tenancy.events`,
        (r) => r.some((m) => m.key === id && m.value === null), 30_000);
      const mine = received.filter((m) => m.key === id);
      const types = mine.map((m) => m.value?.type ?? 'tombstone');
      expect(types[0]).toBe('CompanyCreated');
      expect(types.slice(-2)).toEqual(['CompanyDeleted', 'tombstone']);
      expect(types).toEqual(expect.arrayContaining(['InvitationSent', 'InvitationAccepted', 'MemberJoined', 'UserLinked']));
      expect(mine.find((m) => m.value?.type === 'UserLinked')?.value?.data).toEqual({ companyId: id, userId: 'emma', role: 'employee' });
      expect(deliveryReport(mine)).toMatchObject({ duplicates: 0, outOfOrder: [] });
      expect(mine[0].headers).toMatchObject({ [HEADERS.eventType]: 'CompanyCreated', [HEADERS.streamRevision]: '0', [HEADERS.schemaVersion]: '1' });
      expect(mine[0].headers[HEADERS.correlationId]).toEqual(expect.any(String));
      const everything = JSON.stringify(mine);
      for (const personal of ['Acme Kafka GmbH', 'ops@acme.example', 'olivia@acme.example', 'emma@acme.example']) expect(everything).not.toContain(personal);
      expect(everything).toContain('olivia'); // user ids do travel
    });
  });
}
