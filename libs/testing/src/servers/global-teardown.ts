/* Jest globalTeardown: stops the servers that global-setup.ts started (and deletes their data). */
import { rmSync } from 'node:fs';
import { pidFile } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__testServers ?? [];
  globalThis.__testServers = undefined;
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(pidFile(), { force: true });
}
