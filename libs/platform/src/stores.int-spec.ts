import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from './config';
import { loadServerKeys } from './server-keys';
import { SERVER_KEY_CHECK_COLLECTION } from './server-key-check';
import { writeSealedCompany } from './testing/sealed-company';
import { openStores, type Stores } from './stores';

describe('Stores, embedded default: the bulk reads (exports) on a connection of their own', () => {
  let dir: string;
  let stores: Stores;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stores-'));
    stores = await openStores(readConfig({ DATA_DIR: dir }));
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given an event with personal data just appended by the serving stores, when the bulk reads read its stream, then they see it, opened as the serving stores see it', async () => {
    const companyId = randomUUID();
    const id = randomUUID();
    await stores.events.appendToStream(`company-${companyId}`, [{
      id, type: 'CompanyCreated',
      data: { companyId, name: 'Acme', environment: 'production', baseUrl: null, timezone: 'Europe/Berlin', defaultLanguage: 'de', contactEmail: 'ana@acme.example' },
      metadata: { eventId: id, commandId: id, correlationId: id, causationId: id, actor: { userId: 'staff-1', staff: true }, occurredAt: '2026-01-01T00:00:00.000Z' },
    }], 'no_stream');

    const [served] = await stores.events.readStream(`company-${companyId}`);
    const [bulk] = await stores.bulkReads.events.readStream(`company-${companyId}`);

    expect(bulk).toEqual(served);
    expect(bulk.data).toMatchObject({ contactEmail: 'ana@acme.example' });
    const [stored] = await stores.storedEvents.readStream(`company-${companyId}`);
    expect(JSON.stringify(stored.data)).not.toContain('ana@acme.example');
  });
});

describe('Stores: the server key must open the keys already stored', () => {
  const [keyA, keyB] = ['Wq3vN8xLr2TzKp5YbH7cJd9eFg4Am6Us0', 'Zr7Tq1Mx9Lb3Kc5Vn2Hp8Jw4Fd6Gs0Ye'];
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'stores-key-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeUnder = (env: Record<string, string>) => writeSealedCompany(dir, env);

  it('given data written under one SERVER_KEY, when opened with another, then it refuses, naming SERVER_KEY and the file, and changes nothing', async () => {
    await writeUnder({ SERVER_KEY: keyA });

    await expect(openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyB })))
      .rejects.toThrow(`SERVER_KEY does not open the keys in ${join(dir, 'tenancy.sqlite')}: they were wrapped with another SERVER_KEY`);
    const again = await openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyA }));
    await again.close();
  });

  it('given data written under the key kept in DATA_DIR, when SERVER_KEY names another, then it refuses; without SERVER_KEY it opens', async () => {
    await writeUnder({});

    await expect(openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyB }))).rejects.toThrow(/^SERVER_KEY does not open the keys in /);
    await (await openStores(readConfig({ DATA_DIR: dir }))).close();
  });

  it('given data written with SERVER_KEY, when started without it, then the refusal names the key kept in DATA_DIR', async () => {
    loadServerKeys(readConfig({ DATA_DIR: dir }));
    await writeUnder({ SERVER_KEY: keyA });

    await expect(openStores(readConfig({ DATA_DIR: dir })))
      .rejects.toThrow(`The server key kept in ${join(dir, 'server-keys.json')} does not open the keys in ${join(dir, 'tenancy.sqlite')}`);
  });

  /** A company with no personal data: no data key is made, yet its API-token hash is under the server key. */
  const writePlainCompany = async (env: Record<string, string>) => {
    const stores = await openStores(readConfig({ DATA_DIR: dir, ...env }));
    const companyId = randomUUID();
    await stores.events.appendToStream(`company-${companyId}`, [{
      id: randomUUID(), type: 'CompanyCreated',
      data: { companyId, name: 'Five', environment: 'production', baseUrl: null, timezone: 'UTC', defaultLanguage: 'en', contactEmail: null },
      metadata: { commandId: randomUUID(), actor: { userId: 'staff-1', staff: true }, occurredAt: '2026-01-01T00:00:00.000Z' },
    }], 'no_stream');
    await stores.close();
  };
  const files = () => Object.fromEntries(readdirSync(dir).filter((name) => !name.includes('.lock'))
    .map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]));

  it('given a new installation holding a company without personal data (no data key yet), when opened with another SERVER_KEY, then it refuses and changes nothing; with its own it opens', async () => {
    await writePlainCompany({ SERVER_KEY: keyA });
    const before = files();

    await expect(openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyB })))
      .rejects.toThrow(`SERVER_KEY does not open the keys in ${join(dir, 'tenancy.sqlite')}: they were wrapped with another SERVER_KEY`);

    expect(files()).toEqual(before);
    await (await openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyA }))).close();
  });

  it('given an installation from before the check value, when opened with the key its data keys open with, then it records it, and another key is refused after', async () => {
    await writeUnder({ SERVER_KEY: keyA });
    const older = await openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyA }));
    await older.readModels.reset(SERVER_KEY_CHECK_COLLECTION);
    await older.close();
    await expect(openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyB }))).rejects.toThrow(/^SERVER_KEY does not open the keys in /);

    await (await openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyA }))).close();

    const recorded = await openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyA }));
    expect(await recorded.readModels.checkpoint(SERVER_KEY_CHECK_COLLECTION)).toBe(1n);
    expect(JSON.stringify(await recorded.readModels.get(SERVER_KEY_CHECK_COLLECTION, 'server-key'))).not.toContain(keyA);
    await recorded.close();
  });

  it('given an installation from before the check value with no data key, when opened with any key, then that key is recorded and another refused after', async () => {
    await writePlainCompany({ SERVER_KEY: keyA });
    const older = await openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyA }));
    await older.readModels.reset(SERVER_KEY_CHECK_COLLECTION);
    await older.close();

    await (await openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyA }))).close();

    await expect(openStores(readConfig({ DATA_DIR: dir, SERVER_KEY: keyB }))).rejects.toThrow(/^SERVER_KEY does not open the keys in /);
  });
});
