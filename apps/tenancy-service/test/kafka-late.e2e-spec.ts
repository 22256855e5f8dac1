/*
 * Kafka that answers only after the service started: the HTTP API works meanwhile, the command
 * consumer says once that it is not consuming, and takes the commands once Kafka answers.
 */
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger, readConfig } from '@tenancy/platform';
import { freePorts } from '../../../libs/testing/src/servers/free-port';
import { commandTopics } from '../src/kafka/kafka-topics';
import { newCompany, TestApp } from './harness';

jest.setTimeout(120_000);

const brokers = process.env.KAFKA_BROKERS;

/** Every line the app logs, parsed. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { String(chunk).split('\n').filter(Boolean).forEach((l) => lines.push(JSON.parse(l))); done(); } });
  return { lines, logger: createLogger(readConfig({ LOG_LEVEL: 'info' }), 'tenancy-service', sink) };
}

async function until(what: string, done: () => boolean, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !done();) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Kafka reached through a port of our own, closed until `open`: the seed broker the service is given. */
function gateTo(broker: string, port: number) {
  const [host, brokerPort] = [broker.slice(0, broker.lastIndexOf(':')), Number(broker.slice(broker.lastIndexOf(':') + 1))];
  let server: Server | undefined;
  return {
    open: () => new Promise<void>((resolve) => {
      server = createServer((socket) => {
        const upstream = connect(brokerPort, host);
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      }).listen(port, '127.0.0.1', resolve);
    }),
    close: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

if (!brokers) {
  process.stdout.write('[kafka] KAFKA_BROKERS not set — late Kafka e2e suite skipped\n');
  it.skip('Kafka answering after the start (KAFKA_BROKERS not set)', () => undefined);
} else {
  describe('Kafka that answers only after the service started', () => {
    const prefix = `e2e-late-${randomUUID().slice(0, 8)}.`;
    const topics = commandTopics({ kafkaTopicPrefix: prefix });
    const kafka = new Kafka({ clientId: 'kafka-late-e2e', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    let t: TestApp | undefined;
    let producer: Producer | undefined;
    let watcher: Consumer | undefined;
    let gate: ReturnType<typeof gateTo> | undefined;

    afterAll(async () => {
      await Promise.all([watcher?.disconnect(), producer?.disconnect(), t?.stop()]);
      await gate?.close();
    }, 30_000);

    const consumingGauge = async () => /^tenancy_kafka_commands_consuming (\S+)$/m.exec((await t!.request('GET', '/metrics', undefined, {})).text)?.[1];

    it('given KAFKA_BROKERS not answering at start, then HTTP works and one warning says so; once Kafka answers, a command sent is run and answered', async () => {
      const [port] = await freePorts(1);
      gate = gateTo(brokers.split(',')[0], port);
      const log = capturedLog();
      const fromConsumer = (level: string) => log.lines.filter((line) => line.context === 'KafkaCommands' && line.level === level);

      t = await TestApp.start(undefined, { KAFKA_BROKERS: `127.0.0.1:${port}`, KAFKA_TOPIC_PREFIX: prefix }, { logger: log.logger, kafkaJoined: false });
      const overHttp = await t.request('POST', '/v1/companies', newCompany());
      await until('the warning', () => fromConsumer('warn').length > 0);
      const consumingBefore = await consumingGauge();
      await gate.open();
      await until('the consumer to join', () => fromConsumer('info').some((line) => String(line.msg).startsWith('Taking commands from Kafka')));
      const consumingAfter = await consumingGauge();
      const results: string[] = [];
      watcher = kafka.consumer({ groupId: `${prefix}watcher` });
      await watcher.connect();
      await watcher.subscribe({ topics: [topics.results], fromBeginning: true });
      await watcher.run({ eachMessage: async ({ message }) => { results.push(message.value!.toString()); } });
      producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const commandId = randomUUID();
      await producer.send({
        topic: topics.commands,
        messages: [{ value: JSON.stringify({ commandId, type: 'CreateCompany', payload: newCompany({ name: 'Late GmbH' }) }), headers: { 'actor-user-id': 'staff-kafka', 'actor-staff': 'true' } }],
      });
      await until('the result', () => results.length > 0, 30_000);

      expect(overHttp.status).toBe(201);
      expect(fromConsumer('warn')).toEqual([expect.objectContaining({
        msg: expect.stringMatching(`^Kafka at KAFKA_BROKERS=127.0.0.1:${port} does not answer .*: commands on Kafka are not being consumed`),
      })]);
      expect(JSON.parse(results[0])).toMatchObject({ commandId, status: 'accepted' });
      // What an alert reads: not consuming while Kafka did not answer, consuming once it joined.
      expect([consumingBefore, consumingAfter]).toEqual(['0', '1']);
    });
  });
}
