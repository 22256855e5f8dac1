/*
 * Start-up of the built service, as an operator sees it: every line JSON from the first one on,
 * and a setting or a store it cannot work with stops it with exit code 1 and one line saying which.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { builtApp, runAppToExit, startApp } from '../../../libs/testing/src/processes/built-app';
import { freePorts, withBusyPort } from '../../../libs/testing/src/servers/free-port';
import { JWT_SECRET, newCompany, staffToken, TestApp } from './harness';

jest.setTimeout(180_000);

const STRONG = 'Wq3vN8xLr2TzKp5YbH7cJd9eFg4Am6Us0';
/** No server of the environment: each case names its own. */
const EMBEDDED = { MONGODB_URL: '', EVENTSTORE_URL: '', KAFKA_BROKERS: '', AUTH_ISSUER: '', LOG_LEVEL: 'info' };

describe('The service at start-up', () => {
  let dataDir: string;
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'tenancy-start-')); });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const refusedWith = async (env: Record<string, string>) => {
    const [port] = await freePorts(1);
    return runAppToExit(builtApp('tenancy-service'), { ...EMBEDDED, DATA_DIR: dataDir, PORT: String(port), AUTH_JWT_SECRET: JWT_SECRET, ...env });
  };

  it.each([
    [{ PORT: 'abc' }, /^not started: PORT must be a port number from 0 to 65535, got "abc"$/],
    [{ MONGODB_URL: 'notaurl' }, /^not started: MONGODB_URL must be a MongoDB connection string/],
    [{ RUN_PROJECTIONS: 'maybe' }, /^not started: RUN_PROJECTIONS must be true or false, got "maybe"$/],
    [{ LOG_LEVEL: 'verbose' }, /^not started: LOG_LEVEL must be one of/],
    [{ KAFKA_BROKERS: '127.0.0.1:1', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'never-in-the-log-5521' }, /^not started: KAFKA_SASL_MECHANISM=plain needs KAFKA_SASL_USERNAME$/],
    [{ KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'never-in-the-log-5521' }, /^not started: KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD are Kafka settings, but KAFKA_BROKERS is not set$/],
    [{ NODE_ENV: 'production', SERVER_KEY: 'abc', AUTH_JWT_SECRET: STRONG }, /^not started: SERVER_KEY must be at least 32 random bytes .*3 bytes long$/],
    [{ NODE_ENV: 'production', SERVER_KEY: STRONG, AUTH_JWT_SECRET: 'x' }, /^not started: AUTH_JWT_SECRET must be at least 32 random bytes .*1 bytes long$/],
  ])('given %j, then it exits 1 with one JSON line naming the setting', async (env, message) => {
    const { code, lines } = await refusedWith(env);

    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'fatal', service: 'tenancy-service', msg: expect.stringMatching(message) });
  });

  it('given a PORT another process listens on, then it exits 1 with one line saying so, having made nothing in DATA_DIR and started nothing', async () => {
    const fresh = join(dataDir, 'fresh');
    await withBusyPort(async (port) => {
      const { code, lines } = await refusedWith({ PORT: String(port), DATA_DIR: fresh });

      expect(code).toBe(1);
      expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({
        level: 'fatal', msg: `not started: PORT ${port} is in use: stop what holds it or set PORT to another port; nothing has been changed.`,
      })]);
      expect(existsSync(fresh)).toBe(false);
    });
  });

  it('given PORT 0, then it listens on a free port the system chose, and says which', async () => {
    const service = await startApp(builtApp('tenancy-service'), { ...EMBEDDED, DATA_DIR: dataDir, PORT: '0', AUTH_JWT_SECRET: JWT_SECRET }, /Listening on http:\/\/localhost:\d+ /);
    try {
      const port = Number(/Listening on http:\/\/localhost:(\d+) /.exec(service.output())![1]);

      expect(port).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    } finally {
      service.kill();
      await service.exited;
    }
  });

  it('given a MongoDB nothing answers at, then it exits 1 with one JSON line naming it, within its 2 s server selection, not the driver\'s 30 s, and leaves the fresh DATA_DIR empty (no keys, database or lock files made)', async () => {
    const [nothing] = await freePorts(1);
    const started = Date.now();

    const { code, lines } = await refusedWith({ MONGODB_URL: `mongodb://127.0.0.1:${nothing}/` });

    expect(code).toBe(1);
    expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({
      level: 'fatal', msg: `not started: MongoDB at mongodb://127.0.0.1:${nothing}/ does not answer: connect ECONNREFUSED 127.0.0.1:${nothing}`,
    })]);
    // Far from 30 s even on a loaded machine (loading the app takes seconds there): the driver's default is gone.
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('given data written under another SERVER_KEY, then it exits 1 with one JSON line saying the key does not open the stored keys', async () => {
    const writer = await TestApp.start(dataDir, { SERVER_KEY: STRONG });
    expect((await writer.request('POST', '/v1/companies', newCompany())).status).toBe(201);
    await writer.stop({ keepData: true });

    const { code, lines } = await refusedWith({ SERVER_KEY: 'Zr7Tq1Mx9Lb3Kc5Vn2Hp8Jw4Fd6Gs0Ye' });

    expect(code).toBe(1);
    expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({
      level: 'fatal', msg: expect.stringMatching(`^not started: SERVER_KEY does not open the keys in ${join(dataDir, 'tenancy.sqlite')}: they were wrapped with another SERVER_KEY`),
    })]);
  });

  it('given a database restored beside another installation\'s server-keys.json, then it exits 1 with one line saying the key does not open the stored keys, and leaves DATA_DIR as it found it (no lock files)', async () => {
    const ours = await TestApp.start(dataDir);
    expect((await ours.request('POST', '/v1/companies', newCompany())).status).toBe(201);
    await ours.stop({ keepData: true });
    const other = await TestApp.start();
    await other.stop({ keepData: true });
    try {
      // As a restore puts them there: the database and a server-keys.json, nothing else.
      for (const file of readdirSync(dataDir)) if (file !== 'tenancy.sqlite') rmSync(join(dataDir, file));
      copyFileSync(join(other.dataDir, 'server-keys.json'), join(dataDir, 'server-keys.json'));
      const before = readdirSync(dataDir);

      const { code, lines } = await refusedWith({ SERVER_KEY: '' });

      expect(code).toBe(1);
      expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({
        level: 'fatal', msg: expect.stringMatching(/^not started: The server key kept in .* does not open the keys in .*nothing has been changed\.$/),
      })]);
      expect(readdirSync(dataDir)).toEqual(before);
    } finally {
      rmSync(other.dataDir, { recursive: true, force: true });
    }
  });

  const mongoUrl = process.env.MONGODB_URL;
  (mongoUrl ? it : it.skip)('given read models in MongoDB built by an installation started empty, when another installation (its own events, the same SERVER_KEY) starts on them, then it exits 1 with one line saying they come from another event store', async () => {
    const MONGODB_DATABASE = `start_up_${randomUUID().slice(0, 8)}`;
    const theirs = mkdtempSync(join(tmpdir(), 'tenancy-start-theirs-'));
    try {
      // The first installation's first run, from an empty event store: never started again.
      const first = await TestApp.start(theirs, { SERVER_KEY: STRONG, MONGODB_URL: mongoUrl!, MONGODB_DATABASE });
      expect((await first.request('POST', '/v1/companies', newCompany())).status).toBe(201);
      await first.stop({ keepData: true });
      // Another installation: its events in its own DATA_DIR.
      const other = await TestApp.start(dataDir, { SERVER_KEY: STRONG, MONGODB_URL: '' });
      expect((await other.request('POST', '/v1/companies', newCompany())).status).toBe(201);
      await other.stop({ keepData: true });

      const { code, lines } = await refusedWith({ SERVER_KEY: STRONG, MONGODB_URL: mongoUrl!, MONGODB_DATABASE });

      expect(code).toBe(1);
      expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({
        level: 'fatal', msg: expect.stringMatching(`^not started: the read store \\(MongoDB database ${MONGODB_DATABASE}\\) was built from another event store than the embedded file ${join(dataDir, 'tenancy.sqlite')}: .*Set MONGODB_DATABASE`),
      })]);

      // A fresh DATA_DIR on them: refused after its database and keys were made, which it removes again.
      const fresh = join(dataDir, 'fresh');
      mkdirSync(fresh);
      const again = await refusedWith({ DATA_DIR: fresh, SERVER_KEY: '', MONGODB_URL: mongoUrl!, MONGODB_DATABASE });

      expect([again.code, JSON.parse(again.lines[0]).msg]).toEqual([1, expect.stringMatching(/was built from another event store/)]);
      expect(readdirSync(fresh)).toEqual([]);
    } finally {
      rmSync(theirs, { recursive: true, force: true });
      const client = await MongoClient.connect(mongoUrl!);
      await client.db(MONGODB_DATABASE).dropDatabase().catch(() => undefined);
      await client.close();
    }
  });

  it('given no AUTH_JWT_SECRET nor SERVER_KEY, then the first start says it made the keys now and a restart that it read them from the file', async () => {
    const start = async () => {
      const [port] = await freePorts(1);
      const service = await startApp(builtApp('tenancy-service'), { ...EMBEDDED, DATA_DIR: dataDir, PORT: String(port), AUTH_JWT_SECRET: '', SERVER_KEY: '' }, /Bearer \S+/);
      service.kill();
      await service.exited;
      return service.log().filter((line) => line.context === 'tenancy').map((line) => line.msg);
    };
    const file = join(dataDir, 'server-keys.json');

    expect(await start()).toContainEqual(`AUTH_JWT_SECRET and SERVER_KEY not set: using the ones made now and kept in ${file}`);
    expect(await start()).toContainEqual(`AUTH_JWT_SECRET and SERVER_KEY not set: using the ones read from ${file} (made before this start)`);
  });

  it('given a DATA_DIR restored without its server-keys.json, then it exits 1 with one line saying what to restore, and writes nothing (no new keys)', async () => {
    const writer = await TestApp.start(dataDir);
    expect((await writer.request('POST', '/v1/companies', newCompany())).status).toBe(201);
    await writer.stop({ keepData: true });
    rmSync(join(dataDir, 'server-keys.json'));
    const before = readdirSync(dataDir);

    const { code, lines } = await refusedWith({});

    expect(code).toBe(1);
    expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({
      level: 'fatal', msg: `not started: ${join(dataDir, 'server-keys.json')} is missing, but ${join(dataDir, 'tenancy.sqlite')} holds data: new keys would open none of its personal data and secrets. `
        + 'Restore server-keys.json from the same backup as the database, or set SERVER_KEY to the key the data was written with; nothing has been written.',
    })]);
    expect(readdirSync(dataDir)).toEqual(before);
  });

  it('given a DATA_DIR it may not write (its data made by another user, the modes stopping the service), then it exits 1 with one line naming DATA_DIR and what it cannot write, not a 500 on the first write', async () => {
    // Written and restarted once by its owner (the installation recorded), and still open, so its -wal
    // and -shm are there (as after a crash): the service used to open it read-only without a word,
    // start, and answer its first write with a 500.
    const first = await TestApp.start(dataDir);
    expect((await first.request('POST', '/v1/companies', newCompany())).status).toBe(201);
    const owner = await first.restart();
    chmodSync(dataDir, 0o555);
    for (const file of readdirSync(dataDir)) chmodSync(join(dataDir, file), 0o444);
    const uid = process.getuid?.();
    const start = async () => {
      const [port] = await freePorts(1);
      // As a service the modes stop (root is not, unless it gives up its overrides).
      const { code, lines } = await runAppToExit(builtApp('tenancy-service'), { ...EMBEDDED, DATA_DIR: dataDir, PORT: String(port), AUTH_JWT_SECRET: JWT_SECRET }, 30_000, { boundByFileModes: true });
      return { code, lines: lines.map((line) => JSON.parse(line)) };
    };

    try {
      expect(await start()).toEqual({ code: 1, lines: [expect.objectContaining({
        level: 'fatal', msg: `not started: DATA_DIR ${dataDir} is not writable by this user (uid ${uid}): give it to the user the service runs as (chown), or set DATA_DIR to a folder it may write`,
      })] });
      chmodSync(dataDir, 0o777);
      const files = ['tenancy.sqlite', 'tenancy.sqlite-wal', 'tenancy.sqlite-shm'].map((file) => join(dataDir, file)).join(', ');
      expect(await start()).toEqual({ code: 1, lines: [expect.objectContaining({
        level: 'fatal', msg: `not started: DATA_DIR ${dataDir}: ${files} cannot be written by this user (uid ${uid}): give it to the user the service runs as (chown), or set DATA_DIR to a folder it may write`,
      })] });
    } finally {
      chmodSync(dataDir, 0o700);
      await owner.stop({ keepData: true });
    }
  });

  it('given a weak SERVER_KEY and a DATA_DIR others may read, outside production, then it starts, warning about each, and every line is JSON', async () => {
    const [port] = await freePorts(1);
    chmodSync(dataDir, 0o755);
    const service = await startApp(builtApp('tenancy-service'), {
      ...EMBEDDED, DATA_DIR: dataDir, PORT: String(port), AUTH_JWT_SECRET: JWT_SECRET, SERVER_KEY: 'abc',
    }, /Listening on/);
    try {
      const lines = service.output().split('\n').filter(Boolean);
      expect(lines.every((line) => line.startsWith('{'))).toBe(true);
      expect(service.log()[0]).toMatchObject({ level: 'warn', msg: expect.stringMatching(/^SERVER_KEY is 3 bytes long: production refuses it/) });
      expect(service.log()[1]).toMatchObject({ context: 'NestFactory', msg: 'Starting Nest application...' });
      expect(service.log()).toContainEqual(expect.objectContaining({ level: 'warn', context: 'Storage', msg: expect.stringMatching(/^DATA_DIR .* is mode 755: others may list/) }));
    } finally {
      service.kill();
    }
  });

  it('given KAFKA_BROKERS where nothing answers, then HTTP serves at once, and one warning names KAFKA_BROKERS and says commands on Kafka are not consumed', async () => {
    const [port, nothing] = await freePorts(2);
    const service = await startApp(builtApp('tenancy-service'), {
      ...EMBEDDED, DATA_DIR: dataDir, PORT: String(port), AUTH_JWT_SECRET: JWT_SECRET, KAFKA_BROKERS: `127.0.0.1:${nothing}`, KAFKA_TOPIC_PREFIX: 'start-up.',
    }, /Listening on/);
    try {
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      const created = await fetch(`http://127.0.0.1:${port}/v1/companies`, {
        method: 'POST', body: JSON.stringify(newCompany()),
        headers: { authorization: `Bearer ${staffToken()}`, 'content-type': 'application/json' },
      });
      const warned = () => service.log().filter((line) => line.level === 'warn' && line.context === 'KafkaCommands');
      for (const deadline = Date.now() + 60_000; warned().length === 0 && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 200));

      expect(live.status).toBe(200);
      expect(created.status).toBe(201);
      expect(warned()).toEqual([expect.objectContaining({
        msg: expect.stringMatching(`^Kafka at KAFKA_BROKERS=127.0.0.1:${nothing} does not answer .*: commands on Kafka are not being consumed`),
      })]);
      // One warning, not kafkajs's connection errors of every retry, and no stack.
      expect(service.log().filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
      expect(service.child.exitCode).toBeNull();
    } finally {
      service.kill();
    }
  });
});
