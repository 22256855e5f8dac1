/* Jest globalTeardown: stops the servers that global-setup.ts started (and deletes their data). */
export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__testServers ?? [];
  globalThis.__testServers = undefined;
  await Promise.all(servers.map((s) => s.stop()));
}
