import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Client { clientId: string; publicClient?: boolean; redirectUris?: string[]; webOrigins?: string[] }

/** The test realm's console client, read from the file Keycloak imports. */
const consoleClient = (): Client => {
  const realm = JSON.parse(readFileSync(join(__dirname, 'keycloak', 'tenancy-realm.json'), 'utf8')) as { clients: Client[] };
  return realm.clients.find((client) => client.clientId === 'tenancy-console')!;
};

describe('The test realm\'s console client', () => {
  it('given redirect URIs with a wildcard port, then web origins are not "+" (which would copy no usable origin, so browsers are refused by CORS)', () => {
    const client = consoleClient();
    expect(client.publicClient).toBe(true);
    const wildcardPorts = (client.redirectUris ?? []).some((uri) => uri.includes(':*'));
    expect(wildcardPorts && (client.webOrigins ?? []).includes('+')).toBe(false);
    expect(client.webOrigins).toEqual(['*']);
  });
});
