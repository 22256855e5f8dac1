import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { signJwt } from '@tenancy/platform';
import { fmt, report } from './report';
import { embeddedEnv, freePort, load, SECRET, SERVICE, waitUntilUp } from './http.bench';
import { kafkaForBench } from './servers';

const BODY = { name: 'Bench GmbH', environment: 'staging', timezone: 'Europe/Berlin', defaultLanguage: 'de' };

/**
 * Commands over Kafka end to end (produced, run, result read back from `tenancy.command-results`)
 * beside the same command over HTTP at 16 connections, against one service process (the embedded
 * default plus KAFKA_BROKERS). Both create companies, so both pay the same command path.
 */
export async function benchKafkaCommands(seconds: number, commandCount: number): Promise<void> {
  const server = await kafkaForBench();
  if (typeof server === 'string') return console.log(`Commands over Kafka: skipped — ${server}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'tenancy-kafka-commands-'));
  const prefix = `bench${randomUUID().slice(0, 8)}.`;
  const port = await freePort();
  const service = spawn(process.execPath, [SERVICE], {
    env: embeddedEnv({ DATA_DIR: dataDir, PORT: String(port), KAFKA_BROKERS: server.address, KAFKA_TOPIC_PREFIX: prefix }),
    stdio: 'ignore',
  });
  const kafka = new Kafka({ brokers: server.address.split(','), clientId: 'tenancy-bench', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-results-${randomUUID()}` });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/health/live`);
    const token = signJwt({ sub: 'bench', staff: true, exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET);
    const http = {
      connections: 16, duration: seconds, url: `${base}/v1/companies`, method: 'POST' as const,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(BODY),
    };
    await load({ ...http, duration: 2 });
    const overHttp = await load(http);

    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}tenancy.command-results`, fromBeginning: true });
    const pending = new Set<string>();
    let accepted = 0;
    let lastResult = 0;
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const result = JSON.parse(message.value?.toString() ?? '{}') as { commandId?: string; status?: string };
          if (!result.commandId || !pending.delete(result.commandId)) continue;
          if (result.status === 'accepted') accepted += 1;
        }
        lastResult = Date.now();
        if (pending.size === 0) finished();
      },
    });
    const command = () => {
      const commandId = randomUUID();
      pending.add(commandId);
      return { value: JSON.stringify({ commandId, type: 'CreateCompany', payload: BODY }), headers: { 'actor-user-id': 'bench', 'actor-staff': 'true' } };
    };
    const started = Date.now();
    for (let sent = 0; sent < commandCount; sent += 500) {
      const messages = Array.from({ length: Math.min(500, commandCount - sent) }, command);
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic: `${prefix}tenancy.commands`, messages }] });
    }
    await done;
    if (accepted !== commandCount) throw new Error(`${commandCount - accepted} commands over Kafka were not accepted`);
    const overKafka = commandCount / ((lastResult - started) / 1000);
    console.log(`Commands over Kafka (${commandCount} CreateCompany, end to end) beside HTTP (16 connections, ${seconds} s), one service process`);
    console.log(`  HTTP POST /v1/companies: ${fmt(overHttp.requests.average)} commands/s, p99 ${overHttp.latency.p99} ms`);
    report('commands over Kafka, end to end', overKafka, 'commands/s', { name: 'HTTP at 16 connections', value: overHttp.requests.average }, { ratio: 0.5 });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    await server.stop();
  }
}
