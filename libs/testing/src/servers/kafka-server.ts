import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { freePorts } from './free-port';
import { logTail, onPath, portAcceptsConnections, repoRoot, spawnLogged, stopChild, waitUntilReady } from './process-utils';

/** A single-node KRaft Kafka (broker and controller in one JVM) on loopback, for tests. */
export interface KafkaServer {
  /** e.g. ['127.0.0.1:40123']; stays the same across stopBroker()/startBroker(). */
  brokers: string[];
  /** Temp folder holding server.properties, the log dir and server.log. */
  dir: string;
  logFile: string;
  /** The broker JVM's pid, or undefined while it is stopped. */
  pid(): number | undefined;
  /** Stops the broker process but keeps its data and port; SIGKILL simulates a crash. */
  stopBroker(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts the broker again on the same port and data, and waits until it serves requests. */
  startBroker(): Promise<void>;
  /** stopBroker() then startBroker(). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: the broker hangs without closing its connections. */
  pause(): void;
  resume(): void;
  /** Stops the broker and deletes its data. */
  stop(): Promise<void>;
}

export interface KafkaServerOptions {
  /**
   * Clients must authenticate with SASL PLAIN as one of these users (name → password): `brokers`
   * is then a SASL_PLAINTEXT listener, and the broker's own traffic uses a PLAINTEXT listener of its own.
   */
  saslPlainUsers?: Record<string, string>;
}

function libsDir(): string {
  return join(repoRoot(), '.cache', 'kafka', 'libs');
}

/** The Kafka version whose jars tools/kafka/install.sh fetched, or undefined. */
export function kafkaVersion(): string | undefined {
  const libs = libsDir();
  if (!existsSync(libs)) return undefined;
  for (const file of readdirSync(libs)) {
    const match = /^kafka_2\.13-(.+)\.jar$/.exec(file);
    if (match) return match[1];
  }
  return undefined;
}

/** True when the broker jars are installed (bash tools/kafka/install.sh) and java is on PATH. */
export function kafkaAvailable(): boolean {
  return kafkaVersion() !== undefined && onPath('java');
}

// Kafka cluster ids are 16 random bytes in unpadded base64url, not starting with '-'.
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function listenerProperties(port: number, controllerPort: number, sasl: { internalPort: number; users: Record<string, string> } | undefined): string[] {
  if (!sasl) {
    return [
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    ];
  }
  const users = Object.entries(sasl.users).map(([name, password]) => `user_${name}=${JSON.stringify(password)}`).join(' ');
  return [
    `listeners=SASL_PLAINTEXT://127.0.0.1:${port},INTERNAL://127.0.0.1:${sasl.internalPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${port},INTERNAL://127.0.0.1:${sasl.internalPort}`,
    'inter.broker.listener.name=INTERNAL',
    'listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'sasl.enabled.mechanisms=PLAIN',
    `listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${users};`,
  ];
}

function serverProperties(dir: string, port: number, controllerPort: number, sasl?: { internalPort: number; users: Record<string, string> }): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    'controller.listener.names=CONTROLLER',
    ...listenerProperties(port, controllerPort, sasl),
    `log.dirs=${join(dir, 'data')}`,
    'auto.create.topics.enable=true',
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Fewer internal partitions than the default 50: the first consumer group and the
    // first transaction come up faster, and a single test broker needs no more.
    'offsets.topic.num.partitions=5',
    'transaction.state.log.num.partitions=5',
    // After a crash (SIGKILL) the controller refuses the restarted broker's registration
    // until the dead one's session expires: 3 s instead of the default 9 s.
    'broker.session.timeout.ms=3000',
    'broker.heartbeat.interval.ms=500',
    'num.network.threads=2',
    'num.io.threads=4',
    '',
  ].join('\n');
}

function javaArgs(mainClass: string, args: string[]): string[] {
  const root = repoRoot();
  return [
    '-Xms128m',
    '-Xmx512m',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${join(root, 'tools', 'kafka', 'log4j.properties')}`,
    '-cp',
    join(libsDir(), '*'),
    mainClass,
    ...args,
  ];
}

async function brokerAnswers(broker: string, sasl?: SASLOptions): Promise<boolean> {
  const kafka = new Kafka({
    ...(sasl ? { sasl } : {}),
    brokers: [broker],
    clientId: 'test-server-probe',
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function startKafka(options: KafkaServerOptions = {}): Promise<KafkaServer> {
  if (!kafkaAvailable()) {
    throw new Error('Kafka is not installed (run: bash tools/kafka/install.sh) or java is not on PATH');
  }
  const [port, controllerPort, internalPort] = await freePorts(3);
  const broker = `127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-kafka-'));
  const logFile = join(dir, 'server.log');
  const propsFile = join(dir, 'server.properties');
  const users = options.saslPlainUsers;
  writeFileSync(propsFile, serverProperties(dir, port, controllerPort, users ? { internalPort: internalPort!, users } : undefined));
  const [probeUser, probePassword] = Object.entries(users ?? {})[0] ?? [];
  const probeSasl: SASLOptions | undefined = probeUser !== undefined ? { mechanism: 'plain', username: probeUser, password: probePassword! } : undefined;
  let child: ChildProcess | undefined;

  const format = spawnLogged('java', javaArgs('kafka.tools.StorageTool', ['format', '-t', clusterId(), '-c', propsFile]), logFile, dir);
  const formatCode = await new Promise<number | null>((resolve) => format.once('exit', resolve));
  if (formatCode !== 0) {
    const log = logTail(logFile);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`kafka.tools.StorageTool format failed with exit code ${formatCode}:\n${log}`);
  }

  const server: KafkaServer = {
    brokers: [broker],
    dir,
    logFile,
    pid: () => child?.pid,
    async startBroker() {
      if (child) throw new Error('Kafka broker is already running');
      child = spawnLogged('java', javaArgs('kafka.Kafka', [propsFile]), logFile, dir);
      const started = child;
      await waitUntilReady(
        `Kafka broker on ${broker}`,
        started,
        logFile,
        async () => (await portAcceptsConnections(port)) && (await brokerAnswers(broker, probeSasl)),
      ).catch(async (error: unknown) => {
        await stopChild(started, 'SIGKILL');
        child = undefined;
        throw error;
      });
    },
    async stopBroker(signal = 'SIGTERM') {
      const running = child;
      child = undefined;
      if (running) {
        running.kill('SIGCONT'); // a paused JVM would not act on SIGTERM
        await stopChild(running, signal);
      }
    },
    async restart() {
      await server.stopBroker();
      await server.startBroker();
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async stop() {
      await server.stopBroker();
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await server.startBroker();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return server;
}
