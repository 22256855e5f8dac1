import { randomUUID } from 'node:crypto';
import { readConfig } from '../config';
import { openStores } from '../stores';

/**
 * Opens the stores of `dataDir` with `env`, records one company whose contact email is sealed
 * under a data key (wrapped by the server key), and closes them: data that only the same server
 * key reads again, for the tests of what opens it.
 */
export async function writeSealedCompany(dataDir: string, env: Record<string, string> = {}): Promise<void> {
  const stores = await openStores(readConfig({ DATA_DIR: dataDir, ...env }));
  const companyId = randomUUID();
  await stores.events.appendToStream(`company-${companyId}`, [{
    id: randomUUID(), type: 'CompanyCreated',
    data: { companyId, name: 'Acme', environment: 'production', baseUrl: null, timezone: 'Europe/Berlin', defaultLanguage: 'de', contactEmail: 'ana@acme.example' },
    metadata: { commandId: randomUUID(), actor: { userId: 'staff-1', staff: true }, occurredAt: '2026-01-01T00:00:00.000Z' },
  }], 'no_stream');
  await stores.close();
}
