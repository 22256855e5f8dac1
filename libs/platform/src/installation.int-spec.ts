/*
 * Which event store a read store belongs to, checked where every process opens its stores: over
 * the embedded file alone, and with the read models in MongoDB (the shared FerretDB: MONGODB_URL).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { companiesProjection } from '@tenancy/projections';
import { readStoreCheckpoints } from '@tenancy/read-store';
import { MongoClient } from 'mongodb';
import { readConfig } from './config';
import { INSTALLATION_COLLECTION, recordOrigin } from './installation';
import { openStores, type Stores } from './stores';

describe('A read store belongs to one event store: the stores refuse to open otherwise', () => {
  const dirs: string[] = [];
  const opened: Stores[] = [];
  const dataDir = () => { const dir = mkdtempSync(join(tmpdir(), 'installation-')); dirs.push(dir); return dir; };
  const open = async (env: Record<string, string>) => { const stores = await openStores(readConfig(env)); opened.push(stores); return stores; };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((stores) => stores.close().catch(() => undefined)));
    dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  /** Events in streams of their own, as stored; the read models then caught up with them. */
  async function history(stores: Stores, count: number): Promise<string[]> {
    const streams: string[] = [];
    for (let i = 0; i < count; i++) {
      const stream = `company-${randomUUID()}`;
      await stores.storedEvents.appendToStream(stream, [{ id: randomUUID(), type: 'Tested', data: {}, metadata: {} }], 'no_stream');
      streams.push(stream);
    }
    await readStoreCheckpoints(stores.readModels).save(companiesProjection.name, await stores.storedEvents.headPosition());
    return streams;
  }

  describe('in the embedded file', () => {
    it('given a new installation, when its stores are opened again and again, then they open, and the read store records the first event once there is one', async () => {
      const env = { DATA_DIR: dataDir() };
      const first = await open(env);
      expect(await first.readModels.checkpoint(INSTALLATION_COLLECTION)).toBe(0n);
      const [stream] = await history(first, 3);
      await first.close();

      const second = await open(env);
      const [event] = await second.storedEvents.readStream(stream);
      expect(await second.readModels.get(INSTALLATION_COLLECTION, 'event-store')).toEqual({ eventId: event.id, streamName: stream });
      await second.close();
      await expect(open(env)).resolves.toBeDefined();
    });

    it('given an installation started empty, when its first events are projected, then the read store records the first event at once, not at the next start', async () => {
      const stores = await open({ DATA_DIR: dataDir() });

      const [stream] = await history(stores, 2);

      const [event] = await stores.storedEvents.readStream(stream);
      expect(await stores.readModels.get(INSTALLATION_COLLECTION, 'event-store')).toEqual({ eventId: event.id, streamName: stream });
    });

    it('given a read store that recorded an event no longer first (EventStoreDB drops a deleted stream\'s events when it scavenges), when the stream is deleted or the event still in it, then it opens', async () => {
      const env = { DATA_DIR: dataDir() };
      const stores = await open(env);
      const [, second, third] = await history(stores, 3);
      const record = async (into: Stores, streamName: string) => {
        const [event] = await into.storedEvents.readStream(streamName);
        await recordOrigin(into.readModels, { eventId: event.id, streamName });
      };
      await record(stores, second);
      await stores.close();
      await (await open(env)).close();

      const again = await open(env);
      await record(again, third);
      await again.storedEvents.tombstoneStream(third);
      await again.close();
      await expect(open(env)).resolves.toBeDefined();
    });

    it('given a file whose read store recorded another event store\'s first event (its parts restored from different copies), then it refuses', async () => {
      const env = { DATA_DIR: dataDir() };
      const stores = await open(env);
      await history(stores, 2);
      await recordOrigin(stores.readModels, { eventId: randomUUID(), streamName: `company-${randomUUID()}` });
      await stores.close();

      await expect(open(env)).rejects.toThrow(/was built from another event store .* restore it whole from one copy$/);
    });
  });

  const mongoUrl = process.env.MONGODB_URL;
  (mongoUrl ? describe : describe.skip)('events in the embedded file, read models in MongoDB', () => {
    const databases: string[] = [];
    const database = () => { const name = `installation_${randomUUID().slice(0, 8)}`; databases.push(name); return name; };
    afterAll(async () => {
      const client = await MongoClient.connect(mongoUrl!);
      await Promise.all(databases.map((name) => client.db(name).dropDatabase().catch(() => undefined)));
      await client.close();
    });

    it('given another installation\'s database, when an installation with its own events opens it, then it refuses, naming the database and what to do', async () => {
      const MONGODB_DATABASE = database();
      const theirs = { DATA_DIR: dataDir(), MONGODB_URL: mongoUrl!, MONGODB_DATABASE };
      const before = await open(theirs);
      await history(before, 5);
      await before.close();
      // Opened again once it has events: its first is recorded.
      await (await open(theirs)).close();

      const ours = { DATA_DIR: dataDir(), MONGODB_URL: mongoUrl!, MONGODB_DATABASE };
      const mine = await open({ DATA_DIR: ours.DATA_DIR });
      await history(mine, 8);
      await mine.close();

      const refused = open(ours);
      await expect(refused).rejects.toThrow(new RegExp(`^the read store \\(MongoDB database ${MONGODB_DATABASE}\\) was built from another event store`));
      await expect(refused).rejects.toThrow(/Set MONGODB_DATABASE/);
      await expect(refused).rejects.not.toThrow(/\n/);
    });

    it('given another installation\'s database from before the record (no first event in it), when its checkpoints are past this event store\'s newest event, then it refuses', async () => {
      const MONGODB_DATABASE = database();
      const theirs = await open({ DATA_DIR: dataDir(), MONGODB_URL: mongoUrl!, MONGODB_DATABASE });
      await history(theirs, 6);
      // As one from before the record: its checkpoints, and no first event.
      await theirs.readModels.reset(INSTALLATION_COLLECTION);
      await theirs.close();

      const ours = { DATA_DIR: dataDir(), MONGODB_URL: mongoUrl!, MONGODB_DATABASE };
      const mine = await open({ DATA_DIR: ours.DATA_DIR });
      await history(mine, 2);
      await mine.close();

      await expect(open(ours)).rejects.toThrow(new RegExp(`read store \\(MongoDB database ${MONGODB_DATABASE}\\) has ${companiesProjection.name} at position 6, past the newest event of the embedded file .* at 2`));
    });

    it('given an installation started empty that then recorded its first events, when another installation with its own events opens its database, then it refuses, though the first never started again', async () => {
      const MONGODB_DATABASE = database();
      const theirs = await open({ DATA_DIR: dataDir(), MONGODB_URL: mongoUrl!, MONGODB_DATABASE });
      await history(theirs, 3);
      await theirs.close();

      const ours = { DATA_DIR: dataDir(), MONGODB_URL: mongoUrl!, MONGODB_DATABASE };
      const mine = await open({ DATA_DIR: ours.DATA_DIR });
      await history(mine, 8);
      await mine.close();

      await expect(open(ours)).rejects.toThrow(new RegExp(`^the read store \\(MongoDB database ${MONGODB_DATABASE}\\) was built from another event store`));
    });

    it('given a new database, when an installation with events opens it, then it opens and records the installation\'s first event', async () => {
      const ours = { DATA_DIR: dataDir(), MONGODB_URL: mongoUrl!, MONGODB_DATABASE: database() };
      const mine = await open({ DATA_DIR: ours.DATA_DIR });
      const [stream] = await history(mine, 2);
      await mine.close();

      const stores = await open(ours);
      const [event] = await stores.storedEvents.readStream(stream);
      expect(await stores.readModels.get(INSTALLATION_COLLECTION, 'event-store')).toEqual({ eventId: event.id, streamName: stream });
    });

    it('given an installation started empty (no data key), when its first events are projected and it is opened with another SERVER_KEY, then it refuses; with its own it opens', async () => {
      const env = { DATA_DIR: dataDir(), MONGODB_URL: mongoUrl!, MONGODB_DATABASE: database() };
      const first = await open({ ...env, SERVER_KEY: 'Wq3vN8xLr2TzKp5YbH7cJd9eFg4Am6Us0' });
      await history(first, 2);
      await first.close();

      await expect(open({ ...env, SERVER_KEY: 'Zr7Tq1Mx9Lb3Kc5Vn2Hp8Jw4Fd6Gs0Ye' }))
        .rejects.toThrow(`SERVER_KEY does not open the keys in the MongoDB database ${env.MONGODB_DATABASE}`);
      await expect(open({ ...env, SERVER_KEY: 'Wq3vN8xLr2TzKp5YbH7cJd9eFg4Am6Us0' })).resolves.toBeDefined();
    });

    it('given the service and the projector of one installation starting together on shared stores, then both open', async () => {
      const env = { DATA_DIR: dataDir(), MONGODB_URL: mongoUrl!, MONGODB_DATABASE: database() };
      const seeded = await open(env);
      await history(seeded, 4);
      await seeded.close();

      await expect(Promise.all([open(env), open(env)])).resolves.toHaveLength(2);
    });
  });
});
