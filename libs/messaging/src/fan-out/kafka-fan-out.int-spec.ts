import { randomBytes, randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@tenancy/event-store';
import { ListCursors, SqliteReadStore, readStoreCheckpoints } from '@tenancy/read-store';
import { openDatabase, type SqliteDatabase } from '@tenancy/sqlite';
import { HEADERS } from './event-message';
import { FAN_OUT_CHECKPOINT, KafkaFanOut } from './kafka-fan-out';
import { appendToCompany, deliveryReport, kafkaClient, newEvent, readTopic } from './testing/fan-out-fixtures';

jest.setTimeout(90_000);

const brokers = process.env.KAFKA_BROKERS?.split(',');
if (!brokers) process.stdout.write('[fan-out] KAFKA_BROKERS not set — Kafka fan-out suite skipped\n');

(brokers ? describe : describe.skip)('Kafka fan-out (KAFKA_BROKERS)', () => {
  let db: SqliteDatabase;
  let events: SqliteEventStore;
  let readStore: SqliteReadStore;
  let fanOut: KafkaFanOut | undefined;
  const topic = () => `tenancy.events.spec-${randomUUID()}`;

  beforeEach(() => {
    db = openDatabase(':memory:');
    events = new SqliteEventStore(db);
    readStore = new SqliteReadStore(db, new ListCursors(randomBytes(32)));
  });
  afterEach(async () => {
    await fanOut?.stop();
    fanOut = undefined;
    db.close();
  });

  const start = async (name: string, batchSize = 7) => {
    fanOut = new KafkaFanOut(events, readStoreCheckpoints(readStore), { brokers: brokers!, topic: name, batchSize });
    await fanOut.start();
    return fanOut;
  };

  it('given events of several companies, then each is published once, keyed by company, in revision order, with headers and ids only', async () => {
    const [acme, globex, initech] = [randomUUID(), randomUUID(), randomUUID()];
    const secrets = ['Acme GmbH', 'ops@acme.example', 'nina@acme.example', 'Globex', 'hank@globex.example', 'tokenhash-1', 'cipher-1', 'staff@tenancy.example'];
    for (const [id, name, email] of [[acme, 'Acme GmbH', 'ops@acme.example'], [globex, 'Globex', 'hank@globex.example'], [initech, 'Initech', null]] as const) {
      await appendToCompany(events, id, [newEvent('CompanyCreated', {
        companyId: id, name, environment: 'production', baseUrl: null, timezone: 'UTC', defaultLanguage: 'en', contactEmail: email,
      })]);
    }
    const invitationId = randomUUID();
    await appendToCompany(events, acme, [
      newEvent('ApiTokenIssued', { companyId: acme, tokenHash: 'tokenhash-1', tokenPrefix: 'tk_1' }),
      newEvent('InvitationSent', {
        companyId: acme, invitationId, email: 'nina@acme.example', role: 'admin', invitedBy: 'u-owner',
        sentAt: '2026-11-22T10:00:00Z', expiresAt: '2026-11-29T10:00:00Z',
      }),
    ]);
    await appendToCompany(events, globex, [newEvent('TenantSecretRotated', { companyId: globex, version: 1, secretCiphertext: 'cipher-1' })]);
    await appendToCompany(events, acme, [newEvent('MemberJoined', {
      companyId: acme, userId: 'u-nina', email: 'nina@acme.example', role: 'admin', joinedAt: '2026-11-22T10:00:00Z', invitationId,
    })]);
    await events.appendToStream('user-u-nina', [newEvent('MembershipReserved', { userId: 'u-nina', companyId: acme })], 'any');
    await appendToCompany(events, globex, [newEvent('CompanyDeactivated', { companyId: globex }), newEvent('CompanyDeleted', { companyId: globex })]);
    await appendToCompany(events, initech, [newEvent('CompanyActivated', { companyId: initech })]);
    const name = topic();

    await start(name);
    const received = await readTopic(kafkaClient(brokers!), name, (r) => r.length >= 11);

    expect(received).toHaveLength(11); // 10 company events + 1 tombstone; the user stream's event stays home
    expect(new Set(received.map((m) => m.key))).toEqual(new Set([acme, globex, initech]));
    const report = deliveryReport(received);
    expect(report).toMatchObject({ events: 10, duplicates: 0, tombstones: 1, outOfOrder: [] });
    expect(report.revisions.get(acme)).toEqual([0, 1, 2, 3]);
    for (const message of received.filter((m) => m.value !== null)) {
      expect(Object.keys(message.headers).sort()).toEqual(Object.values(HEADERS).sort());
      expect(message.value).toMatchObject({
        eventId: message.headers[HEADERS.eventId], type: message.headers[HEADERS.eventType],
        schemaVersion: 1, companyId: message.key, revision: Number(message.headers[HEADERS.streamRevision]),
      });
    }
    const everything = JSON.stringify(received);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(received.find((m) => m.headers[HEADERS.eventType] === 'InvitationSent')?.value?.data)
      .toEqual({ companyId: acme, invitationId, role: 'admin' });

    const globexMessages = received.filter((m) => m.key === globex);
    expect(globexMessages.map((m) => m.value?.type ?? 'tombstone'))
      .toEqual(['CompanyCreated', 'TenantSecretRotated', 'CompanyDeactivated', 'CompanyDeleted', 'tombstone']);
    await until(async () => (await readStore.checkpoint(FAN_OUT_CHECKPOINT)) === (await events.headPosition()));
  });

  it('given a restart, then it resumes after the checkpoint and events appended while it was down are published', async () => {
    const company = randomUUID();
    const name = topic();
    await appendToCompany(events, company, [newEvent('CompanyCreated', { companyId: company, environment: 'staging' })]);
    const first = await start(name);
    await until(async () => first.state.checkpoint === (await events.headPosition()));
    await first.stop();
    await appendToCompany(events, company, [newEvent('CompanyActivated', { companyId: company }), newEvent('CompanyDeactivated', { companyId: company })]);

    await start(name);
    const received = await readTopic(kafkaClient(brokers!), name, (r) => r.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 500)); // anything extra would show up by now
    expect(received.map((m) => m.value?.type)).toEqual(['CompanyCreated', 'CompanyActivated', 'CompanyDeactivated']);
  });

  it('given a crash after the broker acked a batch but before the checkpoint moved, then the batch is sent again: repeats, no loss, order kept', async () => {
    const company = randomUUID();
    for (let i = 0; i < 10; i += 1) await appendToCompany(events, company, [newEvent('MemberSignedIn', { companyId: company, userId: `u-${i}`, at: 'now' })]);
    const name = topic();
    const checkpoints = readStoreCheckpoints(readStore);
    let saves = 0;
    const crashing = {
      load: checkpoints.load,
      // The first batch saves; the second never does (the process "dies" with its batch acked).
      save: (n: string, position: bigint) => (++saves === 2 ? new Promise<void>(() => undefined) : checkpoints.save(n, position)),
    };
    const first = new KafkaFanOut(events, crashing, { brokers: brokers!, topic: name, batchSize: 4 });
    await first.start();
    await until(async () => saves >= 2);
    await first.stop();
    await appendToCompany(events, company, [newEvent('MemberSignedIn', { companyId: company, userId: 'u-10', at: 'now' })]);

    await start(name, 4);
    const received = await readTopic(kafkaClient(brokers!), name, (r) => deliveryReport(r).events >= 11);
    const report = deliveryReport(received);
    expect(report).toMatchObject({ events: 11, duplicates: 4, outOfOrder: [] });
    expect(received.map((m) => Number(m.headers[HEADERS.streamRevision]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('given 3 partitions and 20 companies written in turn, then every company stays on one partition in revision order', async () => {
    const companies = Array.from({ length: 20 }, () => randomUUID());
    for (let round = 0; round < 25; round += 1) {
      for (const id of companies) await appendToCompany(events, id, [newEvent('MemberSignedIn', { companyId: id, userId: `u-${round}`, at: 'now' })]);
    }
    const name = topic();
    await start(name, 64);
    const kafka = kafkaClient(brokers!);
    const received = await readTopic(kafka, name, (r) => r.length >= 500);

    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [name] });
    const config = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name, configNames: ['cleanup.policy'] }] });
    await admin.disconnect();
    expect(metadata.topics[0].partitions).toHaveLength(3);
    expect(config.resources[0].configEntries[0].configValue).toBe('delete');

    const report = deliveryReport(received);
    expect(report).toMatchObject({ events: 500, duplicates: 0, outOfOrder: [] });
    for (const id of companies) expect(report.revisions.get(id)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const partitionsPerKey = new Map<string, Set<number>>();
    for (const m of received) partitionsPerKey.set(m.key, (partitionsPerKey.get(m.key) ?? new Set()).add(m.partition));
    expect([...partitionsPerKey.values()].every((p) => p.size === 1)).toBe(true);
    expect(new Set(received.map((m) => m.partition)).size).toBe(3);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
