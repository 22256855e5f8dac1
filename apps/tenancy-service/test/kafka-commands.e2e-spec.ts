import type { EventStore } from '@tenancy/event-store';
import type { IdempotencyStore } from '@tenancy/read-store';
import { ConfigResourceTypes, Kafka, logLevel, Partitioners, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger, EVENT_STORE, IDEMPOTENCY_STORE, readConfig } from '@tenancy/platform';
import { readCommand } from '../src/kafka/command-envelope';
import { accepted } from '../src/kafka/command-results';
import { commandTopics, type CommandTopics } from '../src/kafka/kafka-topics';
import { Secrets } from '../src/security/secrets';
import { newCompany, TestApp, testClock, userToken, type Response } from './harness';

const brokers = process.env.KAFKA_BROKERS;

/** A message seen on the results or dead-letter topic, decoded. */
interface Seen {
  topic: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

const staffActor = { 'actor-user-id': 'staff-kafka', 'actor-staff': 'true' };

if (!brokers) {
  process.stdout.write('[kafka] KAFKA_BROKERS not set — Kafka commands e2e suite skipped\n');
  it.skip('Commands over Kafka (KAFKA_BROKERS not set)', () => undefined);
} else {
  describe('Commands over Kafka', () => {
    // A fresh set of topics (and so a fresh consumer group) per run: no other suite's messages.
    const prefix = `e2e-${randomUUID().slice(0, 8)}.`;
    const topics: CommandTopics = commandTopics({ kafkaTopicPrefix: prefix });
    const kafka = new Kafka({ clientId: 'kafka-commands-e2e', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const clock = testClock();
    let t: TestApp;
    let producer: Producer;
    let watcher: Consumer;
    const seen: Seen[] = [];

    /** The app's log, line by line, as an operator reads it. */
    const logLines: string[] = [];
    const logger = createLogger(readConfig({ LOG_LEVEL: 'info' }), 'tenancy-service', new Writable({
      write(chunk, _encoding, done) { logLines.push(...String(chunk).split('\n').filter(Boolean)); done(); },
    }));

    beforeAll(async () => {
      t = await TestApp.start(undefined, { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix }, { clock, logger });
      producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      watcher = kafka.consumer({ groupId: `${topics.groupId}-watcher` });
      await watcher.connect();
      await watcher.subscribe({ topics: [topics.results, topics.deadLetters], fromBeginning: true });
      await watcher.run({
        eachMessage: async ({ topic, message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          seen.push({ topic, key: message.key?.toString() ?? null, value: message.value, headers });
        },
      });
    }, 60_000);

    afterAll(async () => {
      // Each consumer may be waiting out a fetch (up to 5 s) before it leaves: stop them together.
      await Promise.all([watcher?.disconnect(), producer?.disconnect(), t?.stop()]);
    }, 30_000);

    const events = () => t.app.get<EventStore>(EVENT_STORE);

    async function send(value: string | object, { key, headers = staffActor }: { key?: string; headers?: IHeaders } = {}) {
      await producer.send({
        topic: topics.commands,
        messages: [{ key: key ?? null, value: typeof value === 'string' ? value : JSON.stringify(value), headers }],
      });
    }

    const command = (type: string, payload: object, commandId = randomUUID()) => ({ commandId, type, payload });

    /** Waits until `count` messages on `topic` match, and returns them. */
    async function waitFor(topic: string, match: (m: Seen) => boolean, count = 1): Promise<Seen[]> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = seen.filter((m) => m.topic === topic && match(m));
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`waited 20 s for ${count} message(s) on ${topic}, saw ${found.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    const results = async (commandId: string, count = 1) =>
      (await waitFor(topics.results, (m) => m.key === commandId, count)).map((m) => JSON.parse(m.value!.toString()));
    const deadLetter = async (value: string) =>
      (await waitFor(topics.deadLetters, (m) => m.value?.toString() === value))[0];

    /** A Kafka command does not wait for the read models: a read after its result asks again until it shows it. */
    async function eventually(read: () => Promise<Response>, shows: (res: Response) => boolean): Promise<Response> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const res = await read();
        if (shows(res) || Date.now() > deadline) return res;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }

    async function createOverKafka(overrides: Record<string, unknown> = {}) {
      const create = command('CreateCompany', newCompany(overrides));
      await send(create);
      const [result] = await results(create.commandId);
      expect(result).toMatchObject({ status: 'accepted' });
      return result.companyId as string;
    }

    it('given CreateCompany then ActivateCompany, when sent, then both are accepted with their revisions and the company reads over HTTP', async () => {
      const create = command('CreateCompany', newCompany({ name: 'Kafka Round Trip GmbH' }));
      await send(create);
      const [created] = await results(create.commandId);
      expect(created).toEqual({ commandId: create.commandId, status: 'accepted', companyId: expect.any(String), revision: 1 });
      expect(created.apiToken).toBeUndefined();

      const activate = command('ActivateCompany', { companyId: created.companyId });
      await send(activate, { key: created.companyId });
      expect(await results(activate.commandId)).toEqual([
        { commandId: activate.commandId, status: 'accepted', companyId: created.companyId, revision: 2 },
      ]);

      const read = await eventually(() => t.request('GET', `/v1/companies/${created.companyId}`), (res) => res.body?.revision === 2);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: created.companyId, name: 'Kafka Round Trip GmbH', active: true, revision: 2 });
      // The Kafka commandId is the domain command's id, and so every event's.
      const stream = await events().readStream(`company-${created.companyId}`);
      expect(stream.map((e) => [e.type, e.metadata.commandId])).toEqual([
        ['CompanyCreated', create.commandId], ['ApiTokenIssued', create.commandId], ['CompanyActivated', activate.commandId],
      ]);
      // No actor-email header: email null, the shape every actor is recorded in (as over HTTP).
      expect(stream[0].metadata.actor).toStrictEqual({ userId: 'staff-kafka', staff: true, email: null });
      const history = await t.request('GET', `/v1/companies/${created.companyId}/events`);
      expect(history.body.items[0].actor).toStrictEqual({ userId: 'staff-kafka', staff: true, email: null });
    }, 30_000);

    it('given many commands for two companies sent at once, each keyed by its company, then each company\'s run in the order sent', async () => {
      const [first, second] = [await createOverKafka({ name: 'Order One' }), await createOverKafka({ name: 'Order Two' })];
      const renames = Array.from({ length: 20 }, (_, i) => [first, second].map((companyId) =>
        ({ companyId, command: command('ChangeCompanyDetails', { companyId, name: `Renamed ${companyId.slice(0, 4)} ${i}` }) }))).flat();

      await producer.send({
        topic: topics.commands,
        messages: renames.map(({ companyId, command: c }) => ({ key: companyId, value: JSON.stringify(c), headers: staffActor })),
      });

      for (const { command: c } of renames) expect(await results(c.commandId)).toEqual([expect.objectContaining({ status: 'accepted' })]);
      for (const companyId of [first, second]) {
        const stream = await events().readStream(`company-${companyId}`);
        const sent = renames.filter((r) => r.companyId === companyId).map((r) => r.command.commandId);
        expect(stream.slice(2).map((e) => e.metadata.commandId)).toEqual(sent);
        expect(stream[stream.length - 1].data).toMatchObject({ changes: { name: `Renamed ${companyId.slice(0, 4)} 19` } });
      }
    }, 60_000);

    it('given CreateOwnCompany from a user named in the headers, when sent, then the company is theirs and its token stays off Kafka', async () => {
      const founder = { userId: 'u-kafka-founder', email: 'founder@acme.example' };
      const create = command('CreateOwnCompany', { name: 'Kafka Own Shop', timezone: 'UTC', defaultLanguage: 'en' });
      await send(create, { headers: { 'actor-user-id': founder.userId, 'actor-email': founder.email } });

      const [result] = await results(create.commandId);

      expect(result).toEqual({ commandId: create.commandId, status: 'accepted', companyId: expect.any(String), revision: 2 });
      const mine = await eventually(() => t.request('GET', '/v1/me/companies', undefined, { token: userToken(founder.userId, founder.email) }),
        (res) => res.body.items.length > 0);
      expect(mine.body.items).toEqual([expect.objectContaining({ id: result.companyId, name: 'Kafka Own Shop', role: 'owner' })]);
    }, 30_000);

    it('given CreateOwnCompany whose actor-email is no address, or is unverified, when sent, then rejected as over HTTP, and nothing appended', async () => {
      const before = await events().headPosition();
      const own = { name: 'Kafka Own Shop', timezone: 'UTC', defaultLanguage: 'en' };
      const notAnEmail = command('CreateOwnCompany', own);
      await send(notAnEmail, { headers: { 'actor-user-id': 'u-kafka-odd', 'actor-email': 'not an email at all <script>' } });
      const unverified = command('CreateOwnCompany', own);
      await send(unverified, { headers: { 'actor-user-id': 'u-kafka-odd', 'actor-email': 'odd@acme.example', 'actor-email-verified': 'false' } });

      const [notAnEmailResult] = await results(notAnEmail.commandId);
      const [unverifiedResult] = await results(unverified.commandId);

      expect(notAnEmailResult).toMatchObject({ status: 'rejected', problem: { status: 400, code: 'company.founder_email_required', errors: [{ field: 'email' }] } });
      expect(unverifiedResult).toMatchObject({ status: 'rejected', problem: { status: 403, code: 'company.founder_email_unverified' } });
      expect(await events().headPosition()).toBe(before);
    }, 30_000);

    it('given an admin named in the headers, when they request a password reset for the owner, then rejected 403 team.owner_protected, as over HTTP', async () => {
      const own = command('CreateOwnCompany', { name: 'Kafka Owner Shop', timezone: 'UTC', defaultLanguage: 'en' });
      await send(own, { headers: { 'actor-user-id': 'u-kafka-owner', 'actor-email': 'owner@kafka.example' } });
      const { companyId } = (await results(own.commandId))[0];
      const linkAdmin = command('LinkUser', { companyId, userId: 'u-kafka-admin', email: 'admin@kafka.example', role: 'admin' });
      await send(linkAdmin, { key: companyId });
      expect((await results(linkAdmin.commandId))[0]).toMatchObject({ status: 'accepted' });

      const reset = command('RequestPasswordReset', { companyId, userId: 'u-kafka-owner' });
      await send(reset, { key: companyId, headers: { 'actor-user-id': 'u-kafka-admin', 'actor-email': 'admin@kafka.example' } });

      expect((await results(reset.commandId))[0]).toMatchObject({ status: 'rejected', problem: { status: 403, code: 'team.owner_protected' } });
    }, 30_000);

    it('given a viewer and the owner named in the headers, when each sends RemoveMember about themself, then the viewer leaves and the owner is refused 409, as over HTTP', async () => {
      const own = command('CreateOwnCompany', { name: 'Kafka Leaving Shop', timezone: 'UTC', defaultLanguage: 'en' });
      await send(own, { headers: { 'actor-user-id': 'u-kafka-boss', 'actor-email': 'boss@kafka.example' } });
      const { companyId } = (await results(own.commandId))[0];
      const linkViewer = command('LinkUser', { companyId, userId: 'u-kafka-viewer', email: 'viewer@kafka.example', role: 'viewer' });
      await send(linkViewer, { key: companyId });
      expect((await results(linkViewer.commandId))[0]).toMatchObject({ status: 'accepted' });

      const leave = command('RemoveMember', { companyId, userId: 'u-kafka-viewer' });
      await send(leave, { key: companyId, headers: { 'actor-user-id': 'u-kafka-viewer', 'actor-email': 'viewer@kafka.example' } });
      const ownerLeaves = command('RemoveMember', { companyId, userId: 'u-kafka-boss' });
      await send(ownerLeaves, { key: companyId, headers: { 'actor-user-id': 'u-kafka-boss', 'actor-email': 'boss@kafka.example' } });

      expect((await results(leave.commandId))[0]).toMatchObject({ status: 'accepted' });
      expect((await results(ownerLeaves.commandId))[0]).toMatchObject({ status: 'rejected', problem: { status: 409, code: 'team.owner_required' } });
      const stream = await events().readStream(`company-${companyId}`);
      expect(stream.filter((e) => e.type === 'MemberRemoved').map((e) => [e.data.userId, (e.metadata.actor as { userId: string }).userId]))
        .toEqual([['u-kafka-viewer', 'u-kafka-viewer']]);
    }, 30_000);

    it('given an invalid timezone or a wrong delete confirmation, when sent, then rejected with the problem HTTP answers, and nothing appended', async () => {
      const companyId = await createOverKafka();
      const before = await events().headPosition();

      const badZone = command('CreateCompany', newCompany({ timezone: 'Mars/Base' }));
      await send(badZone);
      const [zoneResult] = await results(badZone.commandId);
      const overHttp = await t.request('POST', '/v1/companies', newCompany({ timezone: 'Mars/Base' }));
      expect(overHttp.status).toBe(400);
      const { instance: _instance, ...httpProblem } = overHttp.body;
      expect(zoneResult).toEqual({ commandId: badZone.commandId, status: 'rejected', problem: httpProblem });
      expect(zoneResult.problem).toMatchObject({ code: 'request.invalid', errors: [{ field: 'timezone', message: expect.any(String) }] });

      const wrongName = command('DeleteCompany', { companyId, confirmName: 'Not Acme' });
      await send(wrongName, { key: companyId });
      const [deleteResult] = await results(wrongName.commandId);
      const deleteOverHttp = await t.request('DELETE', `/v1/companies/${companyId}`, { confirmName: 'Not Acme' });
      expect(deleteOverHttp.status).toBe(409);
      const { instance: _i, ...deleteProblem } = deleteOverHttp.body;
      expect(deleteResult).toEqual({ commandId: wrongName.commandId, status: 'rejected', problem: deleteProblem });
      expect(deleteProblem.code).toBe('company.delete.name_mismatch');

      expect(await events().headPosition()).toBe(before);
    }, 30_000);

    it('given a payload id this service makes sent as no UUID, when sent, then rejected as malformed input naming the field, not "not found"; a path stays an address', async () => {
      const activate = command('ActivateCompany', { companyId: 'not-a-uuid' });
      await send(activate, { key: 'not-a-uuid' });
      expect((await results(activate.commandId))[0]).toMatchObject({
        status: 'rejected', problem: { status: 400, code: 'request.invalid', errors: [{ field: 'companyId', message: 'must be a UUID' }] },
      });
      expect((await deadLetter(JSON.stringify(activate))).headers['dlq-error-code']).toBe('request.invalid');

      // Over HTTP the id is in the path, and a path naming nothing is 404 whatever its text (README, Routes).
      expect((await t.request('POST', '/v1/companies/not-a-uuid/activate')).body).toMatchObject({ status: 404, code: 'company.not_found' });
    }, 30_000);

    it('given the same command delivered twice, when run, then its events are appended once and both results are the same', async () => {
      const name = `Redelivered ${randomUUID()}`;
      const create = command('CreateCompany', newCompany({ name }));
      await send(create);
      await send(create);
      const [first, second] = await results(create.commandId, 2);
      expect(second).toEqual(first);
      expect(first).toMatchObject({ status: 'accepted', revision: 1 });
      const stream = await events().readStream(`company-${first.companyId}`);
      expect(stream.map((e) => e.type)).toEqual(['CompanyCreated', 'ApiTokenIssued']);
      const listed = await eventually(() => t.request('GET', `/v1/companies?q=${encodeURIComponent(name)}`), (res) => res.body.items.length > 0);
      expect(listed.body.items).toHaveLength(1);
      expect(await t.app.get<IdempotencyStore>(IDEMPOTENCY_STORE).find(`kafka:${create.commandId}`, clock.now())).not.toBeNull();

      const reused = { ...create, payload: newCompany({ name: 'Another' }) };
      await send(reused);
      const third = (await results(create.commandId, 3))[2];
      expect(third).toMatchObject({ status: 'rejected', problem: { status: 409, code: 'command.id_reused' } });
    }, 30_000);

    it('given one commandId sent invalid, then valid, then invalid again, then refused, accepted, then told the id is taken: never two answers for one command', async () => {
      const companyId = await createOverKafka();
      const commandId = randomUUID();
      const invalid = command('ChangeCompanyDetails', { companyId, timezone: 'Mars/Base' }, commandId);
      const valid = command('ChangeCompanyDetails', { companyId, name: 'Once GmbH' }, commandId);
      await send(invalid, { key: companyId });
      await results(commandId, 1);
      await send(valid, { key: companyId });
      await results(commandId, 2);
      await send(invalid, { key: companyId });
      const answers = await results(commandId, 3);
      expect(answers.map((r) => r.status === 'accepted' ? 'accepted' : r.problem.code))
        .toEqual(['request.invalid', 'accepted', 'command.id_reused']);
      // The last is still dead-lettered with what is wrong with it.
      expect((await waitFor(topics.deadLetters, (m) => m.value?.toString() === JSON.stringify(invalid), 2))[1].headers['dlq-error-code'])
        .toBe('request.invalid');
    }, 30_000);

    it('given the same command re-serialised, keys in another order and its name in NFD, then it is the same command and gets its first result', async () => {
      const companyId = await createOverKafka();
      const commandId = randomUUID();
      await send(`{"commandId":"${commandId}","type":"ChangeCompanyDetails","payload":{"companyId":"${companyId}","name":"Caf\u00e9 Order","timezone":"Europe/Berlin"}}`, { key: companyId });
      await results(commandId, 1);
      await send(`{"payload":{"timezone":"Europe/Berlin","name":"Cafe\u0301 Order","companyId":"${companyId}"},"type":"ChangeCompanyDetails","commandId":"${commandId}"}`, { key: companyId });
      const [first, again] = await results(commandId, 2);
      expect(first).toMatchObject({ status: 'accepted' });
      expect(again).toEqual(first);
    }, 30_000);

    it('given a command the release before the validated fingerprint answered (its record holds the hash of the payload as sent), when Kafka delivers it again after the upgrade, then it gets that first answer, and another command under its id is still refused', async () => {
      const companyId = await createOverKafka();
      const sent = command('ChangeCompanyDetails', { companyId, name: 'Upgrade GmbH' });
      const raw = { topic: topics.commands, partition: 0, offset: '0', key: companyId, value: JSON.stringify(sent), headers: staffActor };
      const read = readCommand(raw);
      if (!read.ok) throw new Error('the message is valid');
      const { type, payload, actor } = read.command;
      // That release's record: its answer (a revision no run here would give), under the sha-256 of {type, payload as sent, actor}.
      const earlierHash = createHash('sha256').update(JSON.stringify({ type, payload, actor })).digest('base64url');
      const answered = accepted(sent.commandId, companyId, 99);
      await t.app.get<IdempotencyStore>(IDEMPOTENCY_STORE).save(`kafka:${sent.commandId}`, {
        requestHash: earlierHash, status: 200, headers: {}, sealedBody: t.app.get(Secrets).encrypt(JSON.stringify(answered)),
      }, { now: clock.now(), expiresAt: new Date(clock.now().getTime() + 86_400_000) });

      await send(raw.value, { key: companyId });
      expect((await results(sent.commandId))[0]).toEqual(answered);
      expect((await events().readStream(`company-${companyId}`)).map((e) => e.type)).not.toContain('CompanyDetailsChanged');

      await send(command('ChangeCompanyDetails', { companyId, name: 'Another GmbH' }, sent.commandId), { key: companyId });
      expect((await results(sent.commandId, 2))[1]).toMatchObject({ status: 'rejected', problem: { code: 'command.id_reused' } });
    }, 30_000);

    it('given a command decided but its result not remembered (a crash in between), when delivered again, then its events are found and not appended twice', async () => {
      const create = command('CreateCompany', newCompany());
      await send(create);
      const [first] = await results(create.commandId);
      // Past the time results are remembered: the store no longer knows the command, its stream does.
      clock.advanceDays(8);
      expect(await t.app.get<IdempotencyStore>(IDEMPOTENCY_STORE).find(`kafka:${create.commandId}`, clock.now())).toBeNull();
      await send(create);
      const [, again] = await results(create.commandId, 2);
      expect(again).toEqual(first);
      const stream = await events().readStream(`company-${first.companyId}`);
      expect(stream.map((e) => e.type)).toEqual(['CompanyCreated', 'ApiTokenIssued']);
    }, 30_000);

    it('given a message that is no JSON, one of an unknown type and one with a bad payload, then each is dead-lettered with its reason, and the next command still runs', async () => {
      const notJson = `not json {${randomUUID()}`;
      await send(notJson, { key: 'some-key' });
      const unknown = command('PaintCompanyPink', { companyId: randomUUID() });
      await send(unknown);
      const badPayload = command('CreateCompany', { ...newCompany({ environment: 'prod' }), plan: 'gold' });
      await send(badPayload);
      const good = command('CreateCompany', newCompany());
      await send(good);

      const notJsonLetter = await deadLetter(notJson);
      expect(notJsonLetter.key).toBe('some-key');
      expect(notJsonLetter.headers).toMatchObject({
        'dlq-error-code': 'command.not_json', 'dlq-reason': expect.stringMatching(/not JSON/),
        'dlq-original-topic': topics.commands, 'dlq-original-partition': expect.stringMatching(/^[0-2]$/),
        'dlq-original-offset': expect.stringMatching(/^\d+$/), ...staffActor,
      });
      expect((await deadLetter(JSON.stringify(unknown))).headers['dlq-error-code']).toBe('command.unknown_type');
      const badLetter = await deadLetter(JSON.stringify(badPayload));
      expect(badLetter.headers).toMatchObject({ 'dlq-error-code': 'request.invalid', 'dlq-reason': expect.stringContaining('plan') });

      expect((await results(unknown.commandId))[0]).toMatchObject({ status: 'rejected', problem: { code: 'command.unknown_type' } });
      const [badResult] = await results(badPayload.commandId);
      expect(badResult.problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['environment', 'plan']);
      expect((await results(good.commandId))[0]).toMatchObject({ status: 'accepted', revision: 1 });

      // Counted for the operators: three dead letters, and the command that ran as accepted over Kafka.
      const metrics = (await t.request('GET', '/metrics', undefined, {})).text;
      expect(Number(/^tenancy_kafka_dead_letters_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);
      expect(metrics).toMatch(/^tenancy_commands_total\{type="CreateCompany",transport="kafka",outcome="accepted"\} [1-9]\d*$/m);
    }, 30_000);

    it('given a message just under the broker\'s 1 MB, then it is rejected as too large and dead-lettered without its value, and the commands behind it and on other partitions all run and are answered', async () => {
      const companyId = await createOverKafka({ name: 'Before Huge' });
      const hugeId = randomUUID();
      // The broker takes up to about 1 MB; a dead letter of this message as it came would not fit (QA D1).
      const huge = `{"commandId":"${hugeId}","type":"ActivateCompany","payload":{"companyId":"${companyId}","pad":"${'x'.repeat(1_047_000)}"}}`;
      await send(huge, { key: companyId, headers: { ...staffActor, 'correlation-id': 'huge-one' } });
      const after = command('ChangeCompanyDetails', { companyId, name: 'After Huge' });
      await send(after, { key: companyId });
      const others = Array.from({ length: 6 }, () => command('CreateCompany', newCompany()));
      for (const other of others) await send(other);

      expect((await results(hugeId))[0]).toMatchObject({ status: 'rejected', problem: { status: 413, code: 'command.too_large' } });
      const [letter] = await waitFor(topics.deadLetters, (m) => m.headers['dlq-error-code'] === 'command.too_large');
      expect(letter).toMatchObject({ key: companyId, value: null });
      expect(letter.headers).toEqual({
        'dlq-error-code': 'command.too_large', 'dlq-reason': expect.stringMatching(/larger than the 64 KiB/),
        'dlq-dropped': expect.stringMatching(/^value and headers \(\d+ bytes with the key\) left out/),
        'dlq-original-topic': topics.commands, 'dlq-original-partition': expect.stringMatching(/^[0-2]$/), 'dlq-original-offset': expect.stringMatching(/^\d+$/),
      });
      expect((await results(after.commandId))[0]).toMatchObject({ status: 'accepted', companyId });
      for (const other of others) expect((await results(other.commandId))[0]).toMatchObject({ status: 'accepted' });
      const stream = await events().readStream(`company-${companyId}`);
      expect(stream.map((e) => e.type)).toEqual(['CompanyCreated', 'ApiTokenIssued', 'CompanyDetailsChanged']);

      const metrics = (await t.request('GET', '/metrics', undefined, {})).text;
      expect(metrics).toMatch(/^tenancy_background_failed_attempts\{part="kafka-commands"\} 0$/m);
    }, 60_000);

    it('given the broker refusing dead letters for a while, then the partition waits and the operator sees it, commands sent beside it are still answered, and only the dead letter written is counted', async () => {
      const metric = async (pattern: RegExp) => Number(pattern.exec((await t.request('GET', '/metrics', undefined, {})).text)?.[1]);
      const counted = /^tenancy_kafka_dead_letters_total (\d+)$/m;
      const failing = /^tenancy_background_failed_attempts\{part="kafka-commands"\} (\d+)$/m;
      const admin = kafka.admin();
      await admin.connect();
      const deadLetterTopic = (maxBytes: string) => admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topics.deadLetters, configEntries: [
          { name: 'retention.ms', value: String(7 * 24 * 3600 * 1000) }, { name: 'max.message.bytes', value: maxBytes },
        ] }],
      });
      try {
        const before = await metric(counted);
        await deadLetterTopic('64');
        const partitionOf = async (value: object) =>
          (await producer.send({ topic: topics.commands, messages: [{ key: null, value: JSON.stringify(value), headers: staffActor }] }))[0]!.partition;
        const refused = command('PaintCompanyPurple', { companyId: randomUUID() });
        const stuck = await partitionOf(refused);
        const beside = await Promise.all(Array.from({ length: 6 }, () => command('CreateCompany', newCompany()))
          .map(async (other) => ({ other, partition: await partitionOf(other) })));
        // The other partitions go on: no command there waits for the refused dead letter, none loses its result.
        for (const { other } of beside.filter(({ partition }) => partition !== stuck)) {
          expect((await results(other.commandId))[0]).toMatchObject({ status: 'accepted' });
        }
        const deadline = Date.now() + 20_000;
        while (await metric(failing) < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await metric(failing)).toBeGreaterThanOrEqual(2);
        expect(await metric(counted)).toBe(before);
        // The failure line names the broker's refusal itself, not Nest's "Internal server error" (QA D11), and no line of Nest's says it instead.
        const failures = logLines.map((line) => JSON.parse(line) as { context?: string; msg: string })
          .filter(({ msg }) => msg.includes('failed to write a result or dead letter'));
        expect(failures.length).toBeGreaterThanOrEqual(2);
        for (const { context, msg } of failures) {
          expect(context).toBe('KafkaCommands');
          expect(msg).toMatch(/: KafkaJS\w*Error: The request included a message larger than the max message size the server will accept \(MESSAGE_TOO_LARGE\); delivered again/);
        }
        expect(logLines.filter((line) => /Internal server error|RpcExceptionsHandler/.test(line))).toEqual([]);

        await deadLetterTopic('1048588');
        expect((await deadLetter(JSON.stringify(refused))).headers['dlq-error-code']).toBe('command.unknown_type');
        expect(await metric(counted)).toBe(before + 1);
        // Those behind it on its own partition were not lost either: delivered again, answered.
        for (const { other } of beside) expect((await results(other.commandId))[0]).toMatchObject({ status: 'accepted' });
        const cleared = Date.now() + 20_000;
        while (await metric(failing) > 0 && Date.now() < cleared) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await metric(failing)).toBe(0);
      } finally {
        await deadLetterTopic('1048588').catch(() => undefined);
        await admin.disconnect();
      }
    }, 60_000);

    it('given a message just over the 64 KiB bound, then too large; one just under it is read as any other', async () => {
      const over = command('CreateCompany', { ...newCompany(), pad: 'x'.repeat(64 * 1024) });
      await send(over);
      expect((await results(over.commandId))[0]).toMatchObject({ status: 'rejected', problem: { code: 'command.too_large' } });
      const under = command('CreateCompany', { ...newCompany(), pad: 'x'.repeat(60 * 1024) });
      await send(under);
      expect((await results(under.commandId))[0]).toMatchObject({ status: 'rejected', problem: { code: 'request.invalid' } });
      expect((await deadLetter(JSON.stringify(under))).headers['dlq-error-code']).toBe('request.invalid');
    }, 30_000);

    it('given a traceparent header, then the events carry it, as over HTTP; a malformed one is ignored', async () => {
      const companyId = await createOverKafka();
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const activate = command('ActivateCompany', { companyId });
      await send(activate, { key: companyId, headers: { ...staffActor, traceparent } });
      expect((await results(activate.commandId))[0]).toMatchObject({ status: 'accepted' });
      const rename = command('ChangeCompanyDetails', { companyId, name: 'Traced Badly' });
      await send(rename, { key: companyId, headers: { ...staffActor, traceparent: 'not-a-trace' } });
      expect((await results(rename.commandId))[0]).toMatchObject({ status: 'accepted' });
      const stream = await events().readStream(`company-${companyId}`);
      expect(stream.slice(2).map((e) => [e.type, e.metadata.traceparent])).toEqual([
        ['CompanyActivated', traceparent], ['CompanyDetailsChanged', undefined],
      ]);
    }, 30_000);

    it('given JSON nested thousands deep, a duplicate key, or control or bidi characters in payload text or the actor, then each is dead-lettered, rejected when its commandId can be read, and nothing is appended', async () => {
      const before = await events().headPosition();
      const deepId = randomUUID();
      const deep = `{"commandId":"${deepId}","type":"CreateCompany","payload":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
      await send(deep);
      const duplicateCommand = command('CreateCompany', newCompany());
      const duplicate = JSON.stringify(duplicateCommand).replace('"name":', '"name":"Other","name":');
      await send(duplicate);
      const bidi = command('CreateCompany', newCompany({ name: 'Acme\u202eHbmG', contactEmail: 'ops\u0000@acme.example' }));
      await send(bidi);
      const actor = command('CreateCompany', newCompany());
      await send(actor, { headers: { ...staffActor, 'actor-user-id': 'staff\u001b[2Jkafka' } });

      expect((await deadLetter(deep)).headers['dlq-error-code']).toBe('command.json_too_deep');
      expect((await deadLetter(duplicate)).headers).toMatchObject({
        'dlq-error-code': 'command.duplicate_key', 'dlq-reason': expect.stringContaining('payload.name'),
      });
      // The commandId is a plain top-level field: the sender is told, not only the dead letters.
      expect((await results(deepId))[0]).toMatchObject({ status: 'rejected', problem: { code: 'command.json_too_deep' } });
      expect((await results(duplicateCommand.commandId))[0]).toMatchObject({ status: 'rejected', problem: { code: 'command.duplicate_key' } });
      expect((await deadLetter(JSON.stringify(bidi))).headers['dlq-error-code']).toBe('request.invalid_text');
      const [bidiResult] = await results(bidi.commandId);
      expect(bidiResult).toMatchObject({ status: 'rejected', problem: { code: 'request.invalid_text' } });
      expect(bidiResult.problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['contactEmail', 'name']);
      expect((await deadLetter(JSON.stringify(actor))).headers['dlq-error-code']).toBe('command.invalid_envelope');
      expect((await results(actor.commandId))[0].problem.errors).toEqual([{ field: 'actor-user-id', message: expect.stringContaining('U+001B') }]);
      expect(await events().headPosition()).toBe(before);

      const decomposed = command('CreateCompany', newCompany({ name: 'Cafe\u0301 Kafka' }));
      await send(decomposed);
      const [created] = await results(decomposed.commandId);
      expect((await t.request('GET', `/v1/companies/${created.companyId}`)).body.name).toBe('Caf\u00e9 Kafka');
    }, 30_000);

    it('given bytes that are no UTF-8 in the value, a header or the key, then each is refused with a result and a dead letter, and nothing is appended', async () => {
      const companyId = await createOverKafka();
      const before = await events().headPosition();
      const latin1Id = randomUUID();
      const latin1 = Buffer.concat([Buffer.from(`{"commandId":"${latin1Id}","type":"ChangeCompanyDetails","payload":{"companyId":"${companyId}","name":"M`),
        Buffer.from([0xfc]), Buffer.from('ller"}}')]);
      await producer.send({ topic: topics.commands, messages: [{ key: companyId, value: latin1, headers: staffActor }] });
      const header = command('ChangeCompanyDetails', { companyId, name: 'Header GmbH' });
      await send(header, { key: companyId, headers: { ...staffActor, 'actor-user-id': Buffer.from('staff\xff', 'latin1') } });
      const key = command('ChangeCompanyDetails', { companyId, name: 'Key GmbH' });
      await producer.send({ topic: topics.commands, messages: [{ key: Buffer.from(`${companyId.slice(0, 35)}\xe9`, 'latin1'), value: JSON.stringify(key), headers: staffActor }] });

      expect((await results(latin1Id))[0]).toMatchObject({ status: 'rejected', problem: { code: 'command.not_json' } });
      expect((await waitFor(topics.deadLetters, (m) => m.value?.equals(latin1) ?? false))[0].headers['dlq-error-code']).toBe('command.not_json');
      expect((await results(header.commandId))[0].problem.errors).toEqual([{ field: 'actor-user-id', message: 'must be UTF-8 text' }]);
      expect((await results(key.commandId))[0].problem.errors).toEqual([{ field: 'key', message: 'must be UTF-8 text' }]);
      expect((await deadLetter(JSON.stringify(key))).headers['dlq-error-code']).toBe('command.invalid_envelope');
      expect(await events().headPosition()).toBe(before);
    }, 30_000);

    it('given the company id as key in upper case, then refused: one company\'s commands stay in one lane, in the order sent', async () => {
      const companyId = await createOverKafka();
      const upper = command('ChangeCompanyDetails', { companyId, name: 'Upper Key GmbH' });
      await send(upper, { key: companyId.toUpperCase() });
      expect((await results(upper.commandId))[0]).toMatchObject({ status: 'rejected', problem: { code: 'command.invalid_envelope', errors: [{ field: 'key' }] } });
    }, 30_000);

    it('given the topics the service created, then dead letters, which hold personal data as sent, are kept no longer than commands (7 days)', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const described = await admin.describeConfigs({
          includeSynonyms: false,
          resources: [topics.commands, topics.deadLetters].map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
        });
        expect(Object.fromEntries(described.resources.map((r) => [r.resourceName, r.configEntries[0]?.configValue])))
          .toEqual({ [topics.commands]: String(7 * 24 * 3600 * 1000), [topics.deadLetters]: String(7 * 24 * 3600 * 1000) });
      } finally {
        await admin.disconnect();
      }
    });

    it('given the webhook worker\'s own DisableWebhookEndpoint, when sent by staff, then it is no type Kafka takes, and nothing is appended', async () => {
      const companyId = await createOverKafka();
      const before = await events().headPosition();
      const disable = command('DisableWebhookEndpoint', { companyId, webhookId: randomUUID() });
      await send(disable, { key: companyId });
      expect((await results(disable.commandId))[0]).toMatchObject({ status: 'rejected', problem: { code: 'command.unknown_type' } });
      expect((await deadLetter(JSON.stringify(disable))).headers['dlq-error-code']).toBe('command.unknown_type');
      expect(await events().headPosition()).toBe(before);
    }, 30_000);

    it('given commands that hand out a raw secret, when sent, then rejected as HTTP only, and no raw secret is on any topic', async () => {
      const companyId = await createOverKafka();
      const before = await events().headPosition();
      for (const type of ['RegenerateApiToken', 'RotateTenantSecret']) {
        const refused = command(type, { companyId });
        await send(refused, { key: companyId });
        const [result] = await results(refused.commandId);
        expect(result).toMatchObject({ status: 'rejected', problem: { status: 400, code: 'command.http_only' } });
        expect(result.problem.detail).toContain('HTTP');
      }
      expect(await events().headPosition()).toBe(before);

      // Secrets handed out over HTTP meanwhile: on none of this run's topics (events out included).
      const created = await t.request('POST', '/v1/companies', newCompany());
      const regenerated = await t.request('POST', `/v1/companies/${companyId}/api-token`);
      const rotated = await t.request('POST', `/v1/companies/${companyId}/secret`);
      const raw = [created.body.apiToken, regenerated.body.apiToken, rotated.body.secret];
      expect(raw).toEqual([expect.stringMatching(/^tnc_/), expect.stringMatching(/^tnc_/), expect.stringMatching(/^tsk_/)]);
      const everything = await everyMessageOf(prefix);
      expect(everything.length).toBeGreaterThan(seen.length);
      for (const text of everything) for (const secret of raw) expect(text).not.toContain(secret);
      // And no raw token or secret at all (a prefix of 4 characters may be shown; a whole one never).
      for (const text of everything) expect(text).not.toMatch(/(tnc|tsk)_[A-Za-z0-9_-]{20,}/);
    }, 30_000);

    /** Every message so far on the topics whose names start with `topicPrefix`, as key, value and headers text. */
    async function everyMessageOf(topicPrefix: string): Promise<string[]> {
      const admin = kafka.admin();
      await admin.connect();
      const names = (await admin.listTopics()).filter((name) => name.startsWith(topicPrefix));
      const ends = new Map<string, number>();
      for (const topic of names) {
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition}`, Number(high));
      }
      await admin.disconnect();
      const read = new Map<string, number>();
      const texts: string[] = [];
      const reader = kafka.consumer({ groupId: `${topicPrefix}reader-${randomUUID()}` });
      await reader.connect();
      await reader.subscribe({ topics: names, fromBeginning: true });
      const caughtUp = () => [...ends].every(([at, end]) => (read.get(at) ?? 0) >= end);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('could not read the topics to their end in 15 s')), 15_000);
        const check = () => { if (caughtUp()) { clearTimeout(timer); resolve(); } };
        void reader.run({
          eachMessage: async ({ topic, partition, message }) => {
            const headers = Object.entries(message.headers ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(' ');
            texts.push(`${message.key?.toString()} ${message.value?.toString()} ${headers}`);
            read.set(`${topic}/${partition}`, Number(message.offset) + 1);
            check();
          },
        });
        check();
      }).finally(() => reader.disconnect());
      return texts;
    }
  });
}
