import { createServer } from 'node:net';

/**
 * Refuses a start whose port it could not listen on, before anything is opened, made or started:
 * a port found busy only at `listen`, after the stores opened, DATA_DIR got its keys and database
 * and the background work ran, changed all that for a process that then did not start. It binds
 * the port as the process will (every address) and lets it go at once; what takes the port in
 * between is still refused by `listen`. PORT 0 asks for any free port: nothing to check.
 */
export async function assertPortFree(port: number, setting: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => reject(new Error(unbound(port, setting, error))));
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve()));
  });
}

function unbound(port: number, setting: string, error: NodeJS.ErrnoException): string {
  const why = error.code === 'EADDRINUSE' ? 'is in use'
    : error.code === 'EACCES' ? 'may not be listened on by this user'
      : `cannot be listened on (${error.message})`;
  return `${setting} ${port} ${why}: stop what holds it or set ${setting} to another port; nothing has been changed.`;
}
