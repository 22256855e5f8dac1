import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from './config';
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
