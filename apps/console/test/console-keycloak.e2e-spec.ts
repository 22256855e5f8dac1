/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { freePort } from '../../../libs/testing/src/servers/free-port';
import { KeycloakTestRealm, NO_WEB_ORIGINS_CONSOLE_CLIENT, SHORT_LIVED_CONSOLE_CLIENT, STAFF_ROLE, TOKEN_AUDIENCE } from '../../../libs/testing/src/servers/keycloak-client';
import { PROVIDER_UNAVAILABLE } from '../src/auth/sign-in-failures';
import { ensureBuilt, expectText, expectVisible, launchBrowser, Service, until, withChromium } from './console-harness';

jest.setTimeout(240_000);

/**
 * The console signed in through the test realm's Keycloak (KEYCLOAK_URL), as operators run it: the
 * access token is renewed before it expires (QA identity L4), a renewal that gets no answer or a
 * 503 is tried again, a refused renewal signs out and says why, signing out ends the Keycloak
 * session, what the provider sends back (a code, an error, a logout's state) is taken out of the
 * address, and a service that cannot fetch the provider's keys
 * or a client without this origin in its Web origins gets words that say what to do. The renewing
 * suite uses a client whose tokens live 20 s, so the first expires within the test.
 */
const keycloak = KeycloakTestRealm.fromEnv();
const describeWithKeycloak = keycloak ? withChromium : (name: string, body: () => void) => {
  process.stderr.write(`[console-keycloak] skipped: KEYCLOAK_URL is not set (bash tools/keycloak/install.sh)\n`);
  describe.skip(name, body);
};

const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number; azp?: string };

/** The service on 127.0.0.1 taking the realm's tokens; `env` adds to or overrides its settings. */
async function serviceOfRealm(realm: KeycloakTestRealm, env: Record<string, string> = {}) {
  const port = await freePort();
  const service = await Service.start({ port, env: {
    AUTH_ISSUER: realm.issuer, AUTH_AUDIENCE: TOKEN_AUDIENCE, AUTH_STAFF_CLAIM: 'realm_access.roles', AUTH_STAFF_VALUE: STAFF_ROLE, ...env,
  } });
  return { service, consoleUrl: `http://127.0.0.1:${port}/console/` };
}

/** "Sign in with …", then Keycloak's login form when it asks (its session cookie may sign in without). */
async function signInAtKeycloak(page: Page, username: string) {
  await leaveForKeycloak(page, username);
  await expectVisible(page.getByRole('heading', { name: /^(Companies|My companies)$/ }));
}

/** As signInAtKeycloak, up to the person's return to the console, whatever it then shows. */
async function leaveForKeycloak(page: Page, username: string) {
  const returned = (url: URL) => url.pathname === '/console/' && url.searchParams.has('state');
  const back = page.waitForURL(returned);
  await page.getByRole('button', { name: /Sign in with 127\.0\.0\.1/ }).click();
  await page.waitForURL((url) => url.href.startsWith(keycloak!.baseUrl) || returned(url), { waitUntil: 'commit' });
  if (page.url().startsWith(keycloak!.baseUrl)) {
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(`${username}-password`);
    await page.locator('#kc-login').click();
  }
  await back;
}

describeWithKeycloak('Console signed in through Keycloak, with 20-second access tokens', () => {
  const realm = keycloak!;
  let service: Service;
  let consoleUrl: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  /** The bearer token of each API call the console made, with the service's answer. */
  const calls: { path: string; token: string; status: number }[] = [];
  const grants: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    await realm.ensureClient(SHORT_LIVED_CONSOLE_CLIENT.clientId);
    ({ service, consoleUrl } = await serviceOfRealm(realm, {
      CONSOLE_OIDC_CLIENT_ID: SHORT_LIVED_CONSOLE_CLIENT.clientId,
      // No leeway: a token past its exp is refused at once, so only a renewed one gets through.
      AUTH_CLOCK_SKEW_S: '0',
    }));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('response', async (response) => {
      const path = new URL(response.url()).pathname;
      const authorization = await response.request().headerValue('authorization');
      if (path.startsWith('/v1/') && authorization) calls.push({ path, token: authorization.replace(/^Bearer /, ''), status: response.status() });
    });
    page.on('request', (request) => {
      if (request.url() === `${realm.issuer}/protocol/openid-connect/token` && request.method() === 'POST') {
        grants.push(new URLSearchParams(request.postData() ?? '').get('grant_type') ?? '');
      }
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('given a signed-in administrator, when the first access token has expired, then the console still works: it renewed the token with the refresh token, and the API took the new one', async () => {
    await page.goto(consoleUrl);
    await signInAtKeycloak(page, 'staff');
    await until(async () => calls.length > 0, () => 'the first API call');
    const first = calls[0].token;
    expect(claims(first).azp).toBe(SHORT_LIVED_CONSOLE_CLIENT.clientId);
    const firstExpiry = claims(first).exp * 1000;
    expect(firstExpiry - Date.now()).toBeLessThanOrEqual(SHORT_LIVED_CONSOLE_CLIENT.accessTokenSeconds * 1000);

    // Idle past the first token's expiry (Keycloak's clock and this one are the same machine's).
    await page.waitForTimeout(Math.max(0, firstExpiry - Date.now()) + 2_000);
    const before = calls.length;
    await page.getByRole('link', { name: 'My companies' }).click();
    await expectVisible(page.getByRole('heading', { name: 'My companies' }));
    await until(async () => calls.length > before, () => 'an API call after the first token expired');

    const later = calls.slice(before);
    expect(later.map((c) => c.status)).toEqual(later.map(() => 200));
    for (const call of later) {
      expect(call.token).not.toBe(first);
      expect(claims(call.token).exp * 1000).toBeGreaterThan(firstExpiry);
    }
    expect(grants).toContain('refresh_token');
    await expectText(page.locator('header'), 'staff@tenancy.test · staff');
    // Still nothing of the tokens in web storage.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(later[0].token);
    expect(stored).not.toMatch(/refresh_token/);
  });

  it('given the provider does not answer one renewal and answers 503 to the next, then the console tries again and stays signed in', async () => {
    const tokenEndpoint = `${realm.issuer}/protocol/openid-connect/token`;
    const outcomes: string[] = [];
    await page.route(tokenEndpoint, async (route) => {
      if (!route.request().postData()?.includes('grant_type=refresh_token')) return route.continue();
      outcomes.push(['no answer', '503', 'renewed'][Math.min(outcomes.length, 2)]);
      if (outcomes.length === 1) return route.abort('connectionrefused');
      if (outcomes.length === 2) {
        return route.fulfill({
          status: 503, contentType: 'application/json',
          headers: { 'access-control-allow-origin': new URL(consoleUrl).origin, 'access-control-allow-credentials': 'true' },
          body: '{}',
        });
      }
      return route.continue();
    });
    try {
      // 20-s tokens renew 15 s into their life: the two failures and the retry fit in the last 5 s.
      await until(async () => outcomes.length >= 3, () => 'a third renewal attempt', 60_000);
      expect(outcomes.slice(0, 3)).toEqual(['no answer', '503', 'renewed']);
      const before = calls.length;
      await page.getByRole('link', { name: 'Companies', exact: true }).click();
      await expectVisible(page.getByRole('heading', { name: 'Companies', exact: true }));
      await until(async () => calls.length > before, () => 'an API call after the retried renewal');
      expect(calls.slice(before).map((c) => c.status)).toEqual(calls.slice(before).map(() => 200));
      await expectText(page.locator('header'), 'staff@tenancy.test · staff');
    } finally {
      await page.unroute(tokenEndpoint);
    }
  });

  it('given the provider refuses to renew (its session ended), then the console signs out and says why', async () => {
    const tokenEndpoint = `${realm.issuer}/protocol/openid-connect/token`;
    await page.route(tokenEndpoint, async (route) => {
      if (!route.request().postData()?.includes('grant_type=refresh_token')) return route.continue();
      await route.fulfill({
        status: 400, contentType: 'application/json',
        headers: { 'access-control-allow-origin': new URL(consoleUrl).origin, 'access-control-allow-credentials': 'true' },
        body: JSON.stringify({ error: 'invalid_grant', error_description: 'Session not active' }),
      });
    });
    try {
      await expectVisible(page.getByRole('heading', { name: 'Sign in to tenancy' }));
      await expectText(page.getByRole('alert'),
        `Signed out: your sign-in at ${new URL(realm.issuer).host} could not be renewed (Session not active). Sign in again.`);
    } finally {
      await page.unroute(tokenEndpoint);
    }
  });

  it('given a signed-in person, when they sign out, then Keycloak ends its session and sends them back to a clean console address', async () => {
    await signInAtKeycloak(page, 'staff');
    const logout = page.waitForRequest((r) => r.url().startsWith(`${realm.issuer}/protocol/openid-connect/logout?`));
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL((await logout).url()).searchParams.get('post_logout_redirect_uri')).toBe(consoleUrl);
    await page.waitForURL((url) => url.href === consoleUrl);
    await signInAtKeycloak(page, 'alice');
    await expectText(page.locator('header'), 'alice@tenancy.test');
  });

  it('given the provider sends the browser back with a logout `state` (as it does when the logout request carried one), then the console takes it out of the address', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.href === consoleUrl);
    await page.goto(`${consoleUrl}?state=9b2f0c7e5d1a4c3b8e6f`);
    await expectVisible(page.getByRole('button', { name: /Sign in with 127\.0\.0\.1/ }));
    await page.waitForURL((url) => url.href === consoleUrl);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('given the provider sends the person back with an error instead of a code, then the console shows the provider\'s words and takes them out of the address', async () => {
    const authorize = page.waitForRequest((r) => r.url().startsWith(`${realm.issuer}/protocol/openid-connect/auth?`));
    await page.getByRole('button', { name: /Sign in with 127\.0\.0\.1/ }).click();
    const state = new URL((await authorize).url()).searchParams.get('state')!;
    // What the provider sends when the person declines, or it will not sign them in.
    await page.goto(`${consoleUrl}?error=access_denied&error_description=${encodeURIComponent('The person declined')}&state=${state}`);
    await expectText(page.getByRole('alert'), 'The person declined');
    await page.waitForURL((url) => url.href === consoleUrl);
  });

});

describeWithKeycloak('Console signed in through Keycloak, when the provider or the service is set up wrong', () => {
  const realm = keycloak!;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const services: Service[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    await realm.ensureClient(NO_WEB_ORIGINS_CONSOLE_CLIENT.clientId);
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(services.map((s) => s.stop()));
  });

  async function consoleOf(env: Record<string, string>) {
    const { service, consoleUrl } = await serviceOfRealm(realm, env);
    services.push(service);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(consoleUrl);
    return { page, consoleUrl };
  }

  it('given the service answers 503 to the new token (it cannot fetch the provider\'s keys), then the console says the identity provider cannot be reached and to try again, not that the person was signed out', async () => {
    // The browser reaches Keycloak; the service's key address is a port nothing listens on.
    const { page } = await consoleOf({ AUTH_JWKS_URL: `http://127.0.0.1:${await freePort()}/certs` });
    const me = page.waitForResponse((r) => r.url().endsWith('/v1/me'));
    await leaveForKeycloak(page, 'alice');
    expect([(await me).status(), (await (await me).json()).code]).toEqual([503, 'service.unavailable']);
    await expectText(page.getByRole('alert'), PROVIDER_UNAVAILABLE);
    expect(await page.getByRole('alert').allInnerTexts()).not.toContainEqual(expect.stringContaining('Signed out'));
    await expectVisible(page.getByRole('button', { name: /Sign in with 127\.0\.0\.1/ }));
    expect(new URL(page.url()).search).toBe('');
  });

  it('given the provider\'s client lists no Web origins, when the code is traded for a token, then the console names that cause (QA identity M1), not "Failed to fetch"', async () => {
    const { page, consoleUrl } = await consoleOf({ CONSOLE_OIDC_CLIENT_ID: NO_WEB_ORIGINS_CONSOLE_CLIENT.clientId });
    await leaveForKeycloak(page, 'alice');
    const origin = new URL(consoleUrl).origin;
    await expectText(page.getByRole('alert'), `client ${NO_WEB_ORIGINS_CONSOLE_CLIENT.clientId} does not list ${origin} in its Web origins`);
    expect(await page.getByRole('alert').allInnerTexts()).not.toContainEqual(expect.stringContaining('Failed to fetch'));
    expect(new URL(page.url()).search).toBe('');
  });
});
