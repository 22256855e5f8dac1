/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { freePort } from '../../../libs/testing/src/servers/free-port';
import {
  ensureBuilt, expectText, expectVisible, launchBrowser, screenshotAndScan, Service, startProcess, withChromium,
} from './console-harness';

jest.setTimeout(240_000);

/**
 * With AUTH_ISSUER set, the console signs in with Authorization Code and PKCE at a real OpenID
 * Provider (oidc-provider, in its own process). The service does not verify that issuer's tokens
 * yet, so this proves the console's half: the code flow with a verifier, an access token the
 * issuer itself accepts, sent to the API, and kept out of web storage.
 */
withChromium('Console sign-in at an OpenID Connect issuer', () => {
  let service: Service;
  let issuer: Awaited<ReturnType<typeof startProcess>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let issuerUrl: string;
  let consoleUrl: string;

  beforeAll(async () => {
    await ensureBuilt();
    const [servicePort, issuerPort] = [await freePort(), await freePort()];
    consoleUrl = `http://localhost:${servicePort}/console/`;
    issuerUrl = `http://127.0.0.1:${issuerPort}`;
    issuer = await startProcess([`${__dirname}/oidc-issuer.mjs`, String(issuerPort), consoleUrl, 'tenancy-console'], /issuer ready/);
    service = await Service.start({ port: servicePort, env: { AUTH_ISSUER: issuerUrl, CONSOLE_OIDC_CLIENT_ID: 'tenancy-console' } });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await issuer?.stop();
  });

  it('given AUTH_ISSUER, then the console signs in with code and PKCE and sends the issuer\'s access token to the API', async () => {
    const settings = await (await fetch(`${new URL(consoleUrl).origin}/console/config.json`)).json();
    expect(settings).toEqual({ signIn: 'oidc', issuer: issuerUrl, clientId: 'tenancy-console', scope: 'openid profile email' });

    await page.goto(consoleUrl);
    await screenshotAndScan(page, '15-sign-in-oidc');
    const authorize = page.waitForRequest((r) => r.url().startsWith(`${issuerUrl}/auth?`));
    await page.getByRole('button', { name: /Sign in with 127\.0\.0\.1/ }).click();
    const challenge = new URL((await authorize).url()).searchParams;
    expect(challenge.get('response_type')).toBe('code');
    expect(challenge.get('code_challenge_method')).toBe('S256');
    expect(challenge.get('code_challenge')).toMatch(/^[\w-]{43}$/);

    // The issuer's own development login and consent pages: any name and password sign in.
    await page.locator('input[name="login"]').fill('olivia');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    const tokenRequest = page.waitForRequest((r) => r.url() === `${issuerUrl}/token`);
    const apiCall = page.waitForRequest((r) => r.url().endsWith('/v1/me/companies'));
    await page.getByRole('button', { name: 'Continue' }).click();

    const exchange = new URLSearchParams((await tokenRequest).postData() ?? '');
    expect(exchange.get('grant_type')).toBe('authorization_code');
    expect(exchange.get('code_verifier')).toMatch(/^[\w\-.~]{43,128}$/);
    const bearer = (await apiCall).headers().authorization ?? '';
    expect(bearer).toMatch(/^Bearer \S+$/);
    const accessToken = bearer.slice('Bearer '.length);
    const userinfo = await fetch(`${issuerUrl}/me`, { headers: { authorization: bearer } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: 'olivia' });

    // The code is gone from the address bar, and the token from every web storage.
    await page.waitForURL((url) => !url.searchParams.has('code'));
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(accessToken);
    // Until the API verifies this issuer's tokens it refuses them, and the console says so.
    await expectVisible(page.getByRole('heading', { name: 'Sign in to tenancy' }));
    await expectText(page.getByRole('alert'), 'A valid bearer token is required');
  });
});
