/** What /console/config.json says about signing in (the service fills it from AUTH_ISSUER and CONSOLE_OIDC_CLIENT_ID). */
export type ConsoleSettings =
  | { signIn: 'token' }
  | { signIn: 'oidc'; issuer: string; clientId: string; scope: string };

export async function loadSettings(): Promise<ConsoleSettings> {
  try {
    const response = await fetch('/console/config.json', { cache: 'no-store' });
    if (response.ok) return await response.json() as ConsoleSettings;
  } catch { /* the service is down: the token form still works once it is back */ }
  return { signIn: 'token' };
}
