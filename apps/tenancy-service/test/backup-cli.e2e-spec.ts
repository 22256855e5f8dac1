import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { JWT_SECRET, newCompany, TestApp } from './harness';

jest.setTimeout(120_000);

/** `npm run backup`, run from its source as the built script runs it, beside the app writing to the same DATA_DIR. */
describe('npm run backup', () => {
  let t: TestApp;
  let parent: string;
  beforeEach(async () => {
    t = await TestApp.start();
    parent = mkdtempSync(join(tmpdir(), 'tenancy-backups-'));
  });
  afterEach(async () => {
    await t.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  /** Runs while the app keeps serving: the test's event loop is not held up. */
  const backup = (args: string[], env: Record<string, string> = {}) => promisify(execFile)(
    process.execPath, ['--import', 'tsx', 'apps/tenancy-service/src/cli/backup.ts', ...args],
    // Only what the test app was configured with: the shared servers' URLs in this environment are not its stores.
    { encoding: 'utf8', env: { PATH: process.env.PATH, DATA_DIR: t.dataDir, AUTH_JWT_SECRET: JWT_SECRET, ...env } },
  );
  const refusal = async (args: string[], env: Record<string, string> = {}) => {
    const failed = await backup(args, env).then(() => { throw new Error('it did not fail'); }, (error) => error as { code: number; stderr: string });
    return { code: failed.code, lines: failed.stderr.split('\n').filter(Boolean) };
  };
  const create = async (name: string) => {
    const res = await t.request('POST', '/v1/companies', newCompany({ name }));
    if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
    return res.body.id as string;
  };
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('given a service writing, when backed up meanwhile and the backup put into a new DATA_DIR, then a service there has every company written before it, with the personal data its keys open', async () => {
    const before = [];
    for (let i = 0; i < 10; i++) before.push(await create(`Before ${i}`));
    // What a copy of tenancy.sqlite alone would miss: the writes are still in the write-ahead log.
    expect(statSync(join(t.dataDir, 'tenancy.sqlite-wal')).size).toBeGreaterThan(0);
    const target = join(parent, 'backup');

    const running = backup([target]);
    let writing = true;
    let during = 0;
    const writes = (async () => { while (writing) { await create(`During ${during++}`); await new Promise((r) => setTimeout(r, 5)); } })();
    const { stdout } = await running.finally(() => { writing = false; });
    await writes;

    expect(stdout).toBe(`Backed up ${t.dataDir} into ${target}: server-keys.json, tenancy.sqlite\n`);
    expect(during).toBeGreaterThan(0);
    expect(readdirSync(parent)).toEqual(['backup']);
    expect(readdirSync(target)).toEqual(['server-keys.json', 'tenancy.sqlite']);
    expect([mode(target), mode(join(target, 'tenancy.sqlite')), mode(join(target, 'server-keys.json'))]).toEqual([0o700, 0o600, 0o600]);

    const restoredDir = join(parent, 'restored');
    mkdirSync(restoredDir, { mode: 0o700 });
    for (const file of readdirSync(target)) copyFileSync(join(target, file), join(restoredDir, file));
    const restored = await TestApp.start(restoredDir);
    try {
      for (const id of before) {
        const history = await restored.request('GET', `/v1/companies/${id}/events`);
        expect([history.status, history.body.items[0]?.data.contactEmail]).toEqual([200, 'ops@acme.example']);
      }
      const listed = (await restored.request('GET', '/v1/companies?limit=200')).body.items as Array<{ name: string }>;
      expect(listed.length).toBeGreaterThanOrEqual(10);
      expect(listed.length).toBeLessThanOrEqual(10 + during);
    } finally {
      await restored.stop();
    }
  });

  it('given the events in EventStoreDB and their keys in MongoDB, then it refuses in one line, naming their own tools, and makes nothing', async () => {
    const target = join(parent, 'backup');

    expect(await refusal([target], { EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false', MONGODB_URL: 'mongodb://127.0.0.1:1/' })).toEqual({
      code: 1, lines: [expect.stringMatching(/^EVENTSTORE_URL and MONGODB_URL are set: .*EventStoreDB first, then mongodump of data_keys and data_keys_erasures/)],
    });
    expect(readdirSync(parent)).toEqual([]);
  });

  it('given the events in EventStoreDB and their keys in DATA_DIR, then it copies DATA_DIR and says to back EventStoreDB up before it', async () => {
    await create('Keys here');
    const target = join(parent, 'backup');

    const { stdout } = await backup([target], { EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false' });

    expect(stdout.split('\n').filter(Boolean)).toEqual([
      `Backed up ${t.dataDir} into ${target}: server-keys.json, tenancy.sqlite`,
      expect.stringMatching(/^EVENTSTORE_URL is set: this holds the personal-data keys and the read models; .*before each backup like this one/),
    ]);
    expect(readdirSync(target)).toEqual(['server-keys.json', 'tenancy.sqlite']);
  });

  it('given a target folder that is not empty, then it refuses in one line and leaves it as it was', async () => {
    const target = join(parent, 'backup');
    mkdirSync(target);
    writeFileSync(join(target, 'older-backup.sqlite'), 'x');

    expect(await refusal([target])).toEqual({ code: 1, lines: [`Cannot back up into ${target}: it exists and is not empty; give a new or empty folder`] });
    expect(readdirSync(parent)).toEqual(['backup']);
    expect(readdirSync(target)).toEqual(['older-backup.sqlite']);
  });

  it('given a target inside DATA_DIR, however spelled (directly, through a symbolic link, DATA_DIR itself), then it refuses in one line and makes nothing', async () => {
    const before = readdirSync(t.dataDir).sort();
    symlinkSync(t.dataDir, join(parent, 'link'));
    for (const target of [join(t.dataDir, 'sub'), join(parent, 'link', 'sub'), `${t.dataDir}/sub/../other`, t.dataDir]) {
      expect(await refusal([target])).toEqual({
        code: 1, lines: [`Cannot back up into ${target.replace('/sub/../', '/')}: it is inside DATA_DIR (${t.dataDir}); give a folder outside it, which outlives the data it copies`],
      });
    }
    expect(readdirSync(t.dataDir).filter((file) => !before.includes(file))).toEqual([]);
  });

  it('given a backup that fails halfway (the key file cannot be read), then it fails and leaves nothing that looks like a backup', async () => {
    await create('Acme');
    const keys = join(t.dataDir, 'server-keys.json');
    renameSync(keys, `${keys}.aside`);
    mkdirSync(keys);
    const target = join(parent, 'backup');
    try {
      expect(await refusal([target])).toEqual({ code: 1, lines: [expect.stringContaining('EISDIR')] });
    } finally {
      rmdirSync(keys);
      renameSync(`${keys}.aside`, keys);
    }

    expect(readdirSync(parent)).toEqual([]);
  });

  it('given an empty target folder, then the backup goes into it', async () => {
    await create('Acme');
    const target = join(parent, 'backup');
    mkdirSync(target);

    await backup([target]);

    expect(readdirSync(target)).toEqual(['server-keys.json', 'tenancy.sqlite']);
    expect(mode(target)).toBe(0o700);
  });

  it('given a DATA_DIR without a database, or no folder named, then it refuses in one line', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tenancy-empty-'));
    try {
      expect(await refusal([join(parent, 'backup')], { DATA_DIR: empty })).toEqual({
        code: 1, lines: [`Nothing to back up: no embedded database at ${join(empty, 'tenancy.sqlite')} (is DATA_DIR the service's?)`],
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(await refusal([])).toEqual({ code: 1, lines: ['Usage: npm run backup -- <folder>'] });
    expect(readdirSync(parent)).toEqual([]);
  });
});

const mongoUrl = process.env.MONGODB_URL;
if (!mongoUrl) process.stdout.write('[backup] MONGODB_URL not set: the backup of SQLite events with MongoDB read models is not tested\n');

/** Events in DATA_DIR's SQLite file, read models and personal-data keys in MongoDB (MONGODB_URL without EVENTSTORE_URL). */
(mongoUrl ? describe : describe.skip)('npm run backup, with MONGODB_URL and the events in DATA_DIR', () => {
  const database = `backup_e2e_${process.pid}_${Date.now()}`;
  const restoredDatabase = `${database}_restored`;
  const env = { MONGODB_URL: mongoUrl!, MONGODB_DATABASE: database };
  let t: TestApp;
  let parent: string;
  let mongo: MongoClient;
  beforeAll(async () => {
    t = await TestApp.start(undefined, env);
    parent = mkdtempSync(join(tmpdir(), 'tenancy-backups-'));
    mongo = await new MongoClient(mongoUrl!).connect();
  });
  afterAll(async () => {
    await t?.stop();
    await mongo?.db(database).dropDatabase();
    await mongo?.db(restoredDatabase).dropDatabase();
    await mongo?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('given companies written, when backed up, the keys dumped after it and both restored into a new DATA_DIR and a new database, then a service there has every company, with the personal data its keys open', async () => {
    const before: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.request('POST', '/v1/companies', newCompany({ name: `Before ${i}` }));
      before.push(res.body.id);
    }
    const target = join(parent, 'backup');

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'apps/tenancy-service/src/cli/backup.ts', target], {
      encoding: 'utf8', env: { PATH: process.env.PATH, DATA_DIR: t.dataDir, AUTH_JWT_SECRET: JWT_SECRET, ...env },
    });

    expect(stdout.split('\n').filter(Boolean)).toEqual([
      `Backed up ${t.dataDir} into ${target}: server-keys.json, tenancy.sqlite`,
      `MONGODB_URL is set: this holds the events; their personal-data keys are in MongoDB (collections data_keys and data_keys_erasures of database ${database}), `
        + 'without which the events\' personal data cannot be read. Dump them now, after this backup:',
      `  mongodump --uri="$MONGODB_URL" --nsInclude='${database}.data_keys' --nsInclude='${database}.data_keys_erasures' --out='${target}/mongodump'`,
      expect.stringMatching(/^The rest of that database \(read models, checkpoints, .*\) need not be kept: a restore builds the read models afresh from the events/),
    ]);
    expect(readdirSync(target)).toEqual(['server-keys.json', 'tenancy.sqlite']);

    // mongodump of the two collections and mongorestore into a new, empty database, as README says (the driver stands in for the tools).
    for (const collection of ['data_keys', 'data_keys_erasures']) {
      const documents = await mongo.db(database).collection(collection).find().toArray();
      if (documents.length > 0) await mongo.db(restoredDatabase).collection(collection).insertMany(documents);
    }
    const restoredDir = join(parent, 'restored');
    mkdirSync(restoredDir, { mode: 0o700 });
    for (const file of readdirSync(target)) copyFileSync(join(target, file), join(restoredDir, file));
    const restored = await TestApp.start(restoredDir, { ...env, MONGODB_DATABASE: restoredDatabase });
    try {
      // The read models are built afresh from the events in the new database, in the background.
      const deadline = Date.now() + 20_000;
      let listed: string[] = [];
      while (Date.now() < deadline) {
        listed = ((await restored.request('GET', '/v1/companies?limit=200')).body.items as Array<{ id: string }>).map((c) => c.id);
        if (before.every((id) => listed.includes(id))) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(listed).toEqual(expect.arrayContaining(before));
      for (const id of before) {
        const history = await restored.request('GET', `/v1/companies/${id}/events`);
        expect([history.status, history.body.items?.[0]?.data.contactEmail]).toEqual([200, 'ops@acme.example']);
      }
    } finally {
      await restored.stop();
    }
  });
});
