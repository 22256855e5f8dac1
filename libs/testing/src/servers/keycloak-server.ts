import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { TEST_REALM } from './keycloak-client';
import { killQuietly, repoRoot, spawnLogged, trackServerPid, waitForExit, waitUntilReady } from './process-utils';

/** Keycloak in dev mode on loopback, with the test realm imported, for tests. */
export interface KeycloakServer {
  /** e.g. 'http://127.0.0.1:40126'; the realm's issuer is `${url}/realms/${realm}` */
  url: string;
  realm: string;
  logFile: string;
  /** The JVM's pid (kc.sh runs it as a child), once it is known. */
  jvmPid(): number | undefined;
  /** Stops the JVM and deletes this server's folder. */
  stop(): Promise<void>;
}

const cacheDir = (): string => join(repoRoot(), '.cache', 'keycloak');
const installedHome = (): string => join(cacheDir(), 'server');
const realmFile = (): string => join(__dirname, 'keycloak', 'tenancy-realm.json');

/** True when tools/keycloak/install.sh has installed and first-started Keycloak. */
export function keycloakAvailable(): boolean {
  return existsSync(join(installedHome(), '.install.sha256')) && existsSync(join(cacheDir(), 'java-home'));
}

const comm = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};

/** kc.sh runs the JVM as its child, or exec's it (after a re-build): then it is the same pid. */
function jvmOf(launcherPid: number): number | undefined {
  if (comm(launcherPid) === 'java') return launcherPid;
  let children: string[];
  try {
    children = readFileSync(`/proc/${launcherPid}/task/${launcherPid}/children`, 'utf8').trim().split(/\s+/);
  } catch {
    return undefined;
  }
  return children.map(Number).find((pid) => pid > 0 && comm(pid) === 'java');
}

/**
 * A home of its own for one server: hard links to the installed files (instant, no space),
 * real copies of what the server writes (the database, and the build in case it re-builds),
 * and the test realm in data/import. So concurrent test runs share nothing they write.
 */
function prepareHome(runDir: string): string {
  const home = join(runDir, 'home');
  execFileSync('cp', ['-al', installedHome(), home]);
  for (const written of ['data/h2', 'lib/quarkus']) {
    rmSync(join(home, written), { recursive: true });
    cpSync(join(installedHome(), written), join(home, written), { recursive: true });
  }
  mkdirSync(join(home, 'data', 'import'));
  cpSync(realmFile(), join(home, 'data', 'import', 'tenancy-realm.json'));
  return home;
}

async function discoveryAnswers(issuer: string): Promise<boolean> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) });
  return response.ok;
}

export async function startKeycloak(): Promise<KeycloakServer> {
  if (!keycloakAvailable()) throw new Error('Keycloak is not installed (run: bash tools/keycloak/install.sh)');
  const runDir = mkdtempSync(join(cacheDir(), 'run-'));
  const home = prepareHome(runDir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(runDir, 'server.log');
  const javaHome = readFileSync(join(cacheDir(), 'java-home'), 'utf8').trim();
  const launcher: ChildProcess = spawnLogged(
    join(home, 'bin', 'kc.sh'),
    ['start-dev', '--http-host=127.0.0.1', `--http-port=${port}`, '--import-realm'],
    logFile,
    runDir,
    { env: { ...process.env, JAVA_HOME: javaHome } },
  );

  // The JVM is listed as a server of its own: killing kc.sh would leave it running.
  let jvm: number | undefined;
  let untrackJvm: () => void = () => undefined;
  const findJvm = () => {
    if (jvm !== undefined || launcher.pid === undefined) return;
    jvm = jvmOf(launcher.pid);
    if (jvm !== undefined && jvm !== launcher.pid) untrackJvm = trackServerPid(jvm, runDir);
  };

  const stop = async () => {
    findJvm();
    if (jvm !== undefined) killQuietly(jvm, 'SIGTERM'); // Quarkus shuts down cleanly on SIGTERM
    else launcher.kill('SIGTERM'); // kc.sh forwards it to a JVM it is still starting
    if (!(await waitForExit(launcher, 30_000))) {
      if (jvm !== undefined) killQuietly(jvm, 'SIGKILL');
      launcher.kill('SIGKILL');
      await waitForExit(launcher, 5_000);
    }
    untrackJvm();
    rmSync(runDir, { recursive: true, force: true });
  };

  const issuer = `${url}/realms/${TEST_REALM}`;
  try {
    // A first start on a busy 2-core machine has taken over a minute.
    await waitUntilReady(`Keycloak on ${url}`, launcher, logFile, () => (findJvm(), discoveryAnswers(issuer)), 300_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, realm: TEST_REALM, logFile, jvmPid: () => jvm, stop };
}
